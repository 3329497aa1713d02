# Twin of matmul.mg (see there).
import time, torch
torch.set_num_threads(2)
a = torch.randn(1024, 1024)
b = torch.randn(1024, 1024)
c = a @ b
t0 = time.perf_counter()
for _ in range(20):
    c = a @ b
t = time.perf_counter() - t0
print("seconds", t)
