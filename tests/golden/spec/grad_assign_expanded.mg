# A .grad the user set to an expand() view cannot be written in place: the
# next backward accumulates into a new tensor instead (torch refuses with
# "more than one element of the written-to tensor refers to a single memory
# location").
let z = tensor([1.0, 2.0], grad)
let g0 = expand(tensor([0.5]), [2])
z.grad = g0
backward(sum(z * 3))
print(z.grad, g0)
