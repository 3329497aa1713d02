# Fits in 64 bits, but not in this machine: 4.0 TB of f32.
print("before")
let t = zeros(1e6, 1e6)
