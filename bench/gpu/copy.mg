# GPU benchmark: device-to-device copy of 64M f32 (256 MB) into an existing
# tensor, 20 times; bandwidth = 2 * 256 MB * 20 / seconds (run.sh prints
# it). Twin: copy.py.
set_device(cuda)
seed(4)
let a = rand(67108864)
let c = zeros(67108864)
c[:] = a                       # warm-up
sync()
let t0 = time()
for i in range(20) { c[:] = a }
sync()
let t = time() - t0
assert(item(sum(c - a)) == 0, "the copy is exact")
print("seconds", t)
