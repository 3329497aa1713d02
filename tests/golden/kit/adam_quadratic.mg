# Adam walks to the minimum of a bowl; zero_grad() clears .grad to none.
let p = tensor([3.0, -2.0], f64, grad)
let opt = adam([p], lr=0.1)
for i in range(500) {
    backward(sum((p - tensor([1, 1], f64)) ** 2))
    opt.step()
    opt.zero_grad()
}
print(p)
print(p.grad)
print(adam([p]))
help(adam)
