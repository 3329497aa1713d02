# Twin of tiny_mlp.mg (see there).
import time, torch
torch.set_num_threads(2)
torch.manual_seed(1)
X = torch.randn(100, 2)
Y = torch.tanh(X[:, 0:1] * 2 - X[:, 1:2])
W1 = (torch.randn(2, 16) * 0.5).requires_grad_()
b1 = torch.zeros(16, requires_grad=True)
W2 = (torch.randn(16, 16) * 0.25).requires_grad_()
b2 = torch.zeros(16, requires_grad=True)
W3 = (torch.randn(16, 1) * 0.25).requires_grad_()
b3 = torch.zeros(1, requires_grad=True)
ps = [W1, b1, W2, b2, W3, b3]

def train(steps):
    for _ in range(steps):
        h1 = torch.tanh(X @ W1 + b1)
        h2 = torch.tanh(h1 @ W2 + b2)
        out = h2 @ W3 + b3
        loss = torch.mean((out - Y) ** 2)
        for p in ps:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in ps:
                p -= 0.05 * p.grad
    return loss.item()

train(20)
t0 = time.perf_counter()
l = train(2000)
t = time.perf_counter() - t0
assert l < 0.05
print("seconds", t)
