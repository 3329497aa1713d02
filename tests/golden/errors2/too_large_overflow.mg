# 1e10 * 1e10 * 1e10 elements of 4 bytes: the byte count overflows 64 bits.
let t = zeros(1e10, 1e10, 1e10)
