# SPEC §6.2: backward(y, g) takes a gradient tensor of y's shape (a number
# for a one-element y); a bool is no gradient (it was meant as retain=true).
let x = tensor(2.0, grad)
backward(x * 3, 2)
print(x.grad)
backward(x * 3, true)
