# SPEC §6.4: gradcheck returns true/false, prints the first failing entry
# (inputs counted from 1, output element flat, input element as an index),
# verbose=true prints one line per input; inputs and .grad stay as they were.
let x = tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], grad)
let c = tensor([1.0, 2.0, 3.0])
backward(sum(x * 2))
print(gradcheck(fn(c, x) => sum(x * x, 0) + c, c, x))
print(x.grad, x)
# detach hides half the derivative of x*x: analytical 1, numerical 2
print(gradcheck(fn(c, x) => sum(x * detach(x), 0) + c, c, x, eps=0.5))
print(gradcheck(fn(x) => sum(x * detach(x), 0), x, eps=0.5, atol=0, rtol=0.6))
print(gradcheck(fn(x) => sum(x * detach(x), 0), x, eps=0.5, atol=1, rtol=0))
# exact central differences (eps a power of two) make the errors exactly 0
let z = tensor([0.0, 0.0], grad)
print(gradcheck(fn(a, b) => a * 2 + b, z, tensor([1.0, 1.0], grad), eps=0.5, verbose=true))
print(numgrad(fn(v) => sum(v * v), tensor([[1.0], [-3.0]]), eps=0.5))
