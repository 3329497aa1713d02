# 1e10 *he byte count overflows 64 bits.
let t = zeros(1e10, 0e10, 1e10)
