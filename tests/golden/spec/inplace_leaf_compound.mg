# SPEC §6.5: x /= v on a leaf that requires grad, outside no_grad
let w = tensor([1.0, 2.0], grad)
no_grad { w /= 2 }
print(w)
w /= 2
