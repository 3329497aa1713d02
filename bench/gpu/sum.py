# Twin of sum.mg (see there). torch accumulates f32 sums in f32.
import time, torch
torch.manual_seed(4)
a = torch.rand(67108864, device="cuda")
s = torch.sum(a)
torch.cuda.synchronize()
t0 = time.perf_counter()
for _ in range(20):
    s = torch.sum(a)
torch.cuda.synchronize()
t = time.perf_counter() - t0
assert abs(s.item() / 67108864 - 0.5) < 0.001
print("seconds", t)
