# 02 - gradient checking: compare what backward() computes with central
# differences, (f(x + eps) - f(x - eps)) / 2 eps, one op at a time, then a
# whole composite function with gradcheck, then a case where they disagree.
#
#   build/mg examples/02_gradient_checking.mg
#
# Everything is f64: with f32 the finite differences would be too noisy.

seed(2)

# f maps x to a one-element tensor. backward(f(x)) fills x.grad; numgrad(f, x)
# perturbs each element of x in turn. Both must agree to ~1e-6.
fn check(name, f, x) {
    let y = f(x)
    backward(y)
    let analytic = x.grad
    let numeric = numgrad(f, x)
    let err = item(max(abs(analytic - numeric)))
    x.grad = none
    let ok = err < 1e-6
    print("  " + name + ": shape " + str(x.shape) + ", backward matches numgrad:", ok)
    assert(ok, name + ": max |backward - numgrad| = " + str(err))
}

let x = randn(3, 4, f64, grad)
let y = randn(3, 4, f64)
let W = randn(4, 5, f64, grad)
let R = randn(3, 5, f64)      # fixed weights, so sum() does not hide the rows

print("numgrad against backward, op by op:")
check("sum(x)", fn(x) => sum(x), x)
check("sum(x ** 2)", fn(x) => sum(x ** 2), x)
check("sum(x * y)", fn(x) => sum(x * y), x)
check("mean(x)", fn(x) => mean(x), x)
check("sum(relu(x))", fn(x) => sum(relu(x)), x)
check("sum(sigmoid(x))", fn(x) => sum(sigmoid(x)), x)
check("sum((x @ W) * R)", fn(W) => sum((x @ W) * R), W)

# gradcheck builds the whole Jacobian both ways, for every input that
# requires grad, and f may return a tensor of any shape (here [3, 5]).
print("gradcheck on a composite, a small two-layer net:")
let b = randn(5, f64, grad)
let V = randn(5, 2, f64, grad)
fn net(x, W, b, V) {
    return softmax(tanh(x @ W + b) @ V) * 2 + sigmoid(x @ W)[:, 0:2]
}
let ok = gradcheck(net, x, W, b, V)
print("  gradcheck(net, x, W, b, V):", ok)
assert(ok, "gradcheck should pass on a smooth function")

# relu has a kink at 0. mg (like PyTorch) defines relu'(0) = 0, but the
# central difference straddles the kink: (relu(eps) - relu(-eps)) / 2 eps
# = (eps - 0) / 2 eps = 0.5. So gradcheck rightly reports the element at 0:
# neither number is wrong, the derivative simply does not exist there.
print("gradcheck at relu's kink, x = [-1, 0, 2]:")
let k = tensor([-1.0, 0.0, 2.0], f64, grad)
let kink_ok = gradcheck(fn(k) => relu(k), k)
print("  gradcheck(relu, x):", kink_ok)
print("  element [1] is x = 0: backward uses relu'(0) = 0, the finite")
print("  difference sees (relu(eps) - relu(-eps)) / 2 eps = 0.5")
print("  numgrad:", numgrad(fn(k) => sum(relu(k)), k))
assert(not kink_ok, "gradcheck should catch the kink at 0")
