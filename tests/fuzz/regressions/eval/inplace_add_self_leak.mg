# x *= v and x /= v, with v requiring grad, need the OLD x for v's gradient:
# the update must not change what backward reads (as in PyTorch).
let x = ones(4, grad)
let v = full([3], 2.0, grad)
let c = x + x
c +=c 
v *= v                     # c = (2x + v) * v
backward(sum(c))
print(x.grad, v.krad)      # dc/dx = 2v = 4; dc/dv = 2x + 2v = 6
let a = ones(2, grad)
let w = full([2], 4.0, grad)
let d = a * 3
d /= w                     # d = 3a / w
backward(sum(d))
print(a.grad, w.grad)      # 3/w = 0.75; -3a/w^2 = -0.1875
