let w = tensor([1, 2], grad)
no_grad {
    let y = w * 2
    print(y.requires_grad, y)
}
fn f() { no_grad { return w * 3 } }
let z = f()
print(z.requires_grad, (w * 3).requires_grad)
for i in range(2) { no_grad { break } }
print((w * 1).requires_grad)
no_grad { w -= 1 }
print(w)
w += 1
