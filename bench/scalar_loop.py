# Twin of scalar_loop.mg (see there).
import time, torch
torch.set_num_threads(2)

def run(n):
    x = torch.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(n):
        y = y * 1.0001 + 0.0001
    y.backward()
    return x.grad.item()

run(2000)
t0 = time.perf_counter()
g = run(200000)
t = time.perf_counter() - t0
assert 4.8e8 < g < 4.9e8
print("seconds", t)
