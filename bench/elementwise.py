# Twin of elementwise.mg (see there).
import time, torch
torch.set_num_threads(2)
a = torch.rand(16777216)
b = torch.rand(16777216)
c = torch.exp(a * b + a)
t0 = time.perf_counter()
for _ in range(10):
    c = torch.exp(a * b + a)
t = time.perf_counter() - t0
print("seconds", t)
