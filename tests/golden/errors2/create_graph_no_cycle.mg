# backward(create_graph=true) stores in t.grad a gradient whose graph reaches
# t. t and t.grad must not keep each other alive: this script stops on an
# error with t.grad still set, and make check's sanitizer run fails on a leak.
let t = tensor(3.0, grad)
backward(t ** 3, create_graph=true)
print(t.grad)              # 3 t^2 = 27, itself differentiable
let g = t.grad
zero_grad(t)
backward(g)
print(t.grad)              # 6 t = 18
backward(t ** 3, create_graph=true)
print(t.gra)
