# SPEC §6.6: stable forms give finite values and gradients at +-1000
# (values checked against torch 1.13); a negative base to a non-integer
# power is nan.
let z = tensor([-1000.0, 0.0, 1000.0], grad)
let w = tensor([1.0, 2.0, 3.0])
for f in [sigmoid, tanh, fn(v) => softmax(v), fn(v) => log_softmax(v), fn(v) => logsumexp(v)] {
    zero_grad(z)
    let y = f(z)
    backward(sum(y * w))
    print(y, z.grad)
}
zero_grad(z)
let l = bce_with_logits(z, tensor([0.0, 1.0, 1.0]))
backward(l)
print(l, z.grad)
let zz = tensor([[-1000.0, 0.0, 1000.0]], grad)
let ce = cross_entropy(zz, tensor([0]))
backward(ce)
print(ce, zz.grad)
print(tensor([-8.0, 8.0]) ** 0.5, pow(tensor(-2.0), 1.5), tensor(-2.0) ** 3)
