# SPEC §6.7: relu'(0) = 0, abs'(0) = 0, clamp passes where lo <= x <= hi,
# max/min over an axis send the gradient to the first extreme index,
# maximum(a, b) gives it to a where a >= b (minimum: where a <= b).
let x = tensor([-1.0, 0.0, 1.0, 2.0, 3.0], grad)
for f in [relu, abs, fn(v) => clamp(v, 0, 2)] {
    zero_grad(x)
    backward(sum(f(x)))
    print(x.grad)
}
let m = tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]], grad)
backward(sum(max(m, 1)))
print(m.grad)
zero_grad(m)
backward(sum(min(m, 0)))
print(m.grad)
zero_grad(m)
backward(max(m))
print(m.grad)
let a = tensor([1.0, 2.0, 3.0], grad)
let b = tensor([1.0, 3.0, 2.0], grad)
backward(sum(maximum(a, b)))
print(a.grad, b.grad)
zero_grad(a, b)
backward(sum(minimum(a, b)))
print(a.grad, b.grad)
