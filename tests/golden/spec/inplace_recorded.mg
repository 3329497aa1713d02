# SPEC §6.5: in place on a non-leaf that requires grad is recorded like any
# op; views see the new values, and take a fresh history from the base
# (grad_fn=index, torch prints AsStridedBackward); an op saves only what its
# backward needs.
let x = tensor([1.0, 2.0], grad)
let c = x * 1
let v = reshape(c, [2, 1])
c += c + 1                 # differentiates like c = c + (c + 1)
print(c, v)
backward(sum(c))
print(x.grad)
let d = x * 1
let e = d * 3              # mul by a constant saves nothing of d
d *= 2
zero_grad(x)
backward(sum(e))
print(x.grad, d)
# the usual update step
let w = tensor([1.0, -1.0], grad)
let b = tensor(0.5, grad)
let lr = 0.25
backward(sum(w * w) + b * 2)
no_grad { w -= lr * w.grad; b -= lr * b.grad }
zero_grad(w, b)
print(w, b, w.grad, b.grad)
