# Twin of matmul.mg (see there). TF32 stays off, as in mg (torch's default).
import time, torch
torch.backends.cuda.matmul.allow_tf32 = False
torch.manual_seed(3)
a = torch.randn(4096, 4096, device="cuda")
b = torch.randn(4096, 4096, device="cuda")
c = a @ b
torch.cuda.synchronize()
t0 = time.perf_counter()
for _ in range(10):
    c = a @ b
torch.cuda.synchronize()
t = time.perf_counter() - t0
assert c.shape == (4096, 4096)
print("seconds", t)
