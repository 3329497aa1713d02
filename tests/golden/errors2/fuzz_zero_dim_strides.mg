# Found by fuzz_eval: a shape with a zero dimension has no elements, but its
# contiguous strides still multiply the other sizes (0 counted as 1).
print(shape(zeros(1e5, 0, 1e5)))
print(shape(reshape(zeros(0), [1e5, 0, 1e5])))
let t = zeros(1e10, 0, 1e10)
