# SPEC §6.3: grads(y, [x1, x2], create_graph=false, retain=false), options
# positional in that order; an input y does not depend on gives zeros;
# no .grad is touched.
let x = tensor([1.0, 2.0], grad)
let w = tensor(3.0, grad)
let u = tensor([[1.0]], grad, f64)
let y = sum(x * x * w)
print(grads(y, [x, w, u], false, true))
print(x.grad, w.grad, u.grad)
# retain=true above kept the graph for this second call
let g = grads(y, [x], true)[0]
print(g)
print(grads(sum(g), [w]))
