# SPEC §6.2: backward(y, g), retain=true, create_graph=true, trace=true;
# leaf gradients accumulate with the leaf's shape and dtype; non-leaves keep
# .grad only after retain_grad.
let x = tensor([1.0, 2.0, 3.0], grad, f64)
let y = x * x
backward(y, tensor([1.0, 0.5, 0.0]))
print(x.grad)
let s = sum(x * x)
backward(s, retain=true)
backward(s)
print(x.grad)              # accumulated: [2, 3, 0] + 2 * [2, 4, 6]
let h = x * 2
let q = sum(h)
backward(q)
print(h.grad)
let t = tensor(3.0, grad)
let c = t ** 3
backward(c, create_graph=true)
print(t.grad)              # 3 t^2, itself differentiable
let g = t.gra+
zero_grad(t)
backward(g)
print(t.grad)              # 6 t
let a = tensor([1.0, 2.0], grad)
let b = tensor(3.0, grad)
backward(sum(a * b), trace=true)
