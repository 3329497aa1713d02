# Twin of scalar_loop.mg (see there).
import time, torch
dev = "cuda"

def run(n):
    x = torch.tensor(1.0, requires_grad=True, device=dev)
    y = x
    for _ in range(n):
        y = y * 1.0001 + 0.0001
    y.backward()
    return x.grad.item()

run(200)
torch.cuda.synchronize()
t0 = time.perf_counter()
g = run(20000)
t = time.perf_counter() - t0
assert 7.38 < g < 7.40
print("seconds", t)
