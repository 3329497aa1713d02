# kernels.mg - every SIMD-cloned CPU kernel (CPU_SIMD_CLONES, src/cpu/cpu_math.h)
# over values that reach each branch, written to .npy files in the current
# directory. tests/simd/run.sh runs it with binaries whose kernels were built
# for different instruction sets and compares the files bit for bit.
seed(11)
let nan = 0 / 0.0
let inf = 1 / 0.0
# Special values, the whole range of the f32 exp (-104..89 and beyond),
# around the tanh branch point 0.625, and random values. 5009 values: not a
# multiple of any vector width, so every loop also runs its tail.
let specials = tensor([nan, inf, -inf, -0.0, 0, 1e-40, -1e-40, 0.625, -0.625, 88.7, 89.5, -103.9, -104.5])
let base = cat([specials, linspace(-120, 120, 3996), randn(1000) * 4])

fn name(op, dt) { return op + "_" + str(dt) + ".npy" }

let unary = [["neg", neg], ["exp", exp], ["log", log], ["sqrt", sqrt], ["abs", abs],
             ["sin", sin], ["cos", cos], ["tanh", tanh], ["sigmoid", sigmoid],
             ["relu", relu], ["sign", sign], ["gelu", gelu]]
fn add(a, b) { return a + b }
fn sub(a, b) { return a - b }
fn mul(a, b) { return a * b }
fn div(a, b) { return a / b }
fn pw(a, b) { return a ** b }
fn eq(a, b) { return a == b }
fn ne(a, b) { return a != b }
fn lt(a, b) { return a < b }
fn le(a, b) { return a <= b }
fn gt(a, b) { return a > b }
fn ge(a, b) { return a >= b }
let binary = [["add", add], ["sub", sub], ["mul", mul], ["div", div], ["pow", pw],
              ["maximum", maximum], ["minimum", minimum], ["eq", eq], ["ne", ne],
              ["lt", lt], ["le", le], ["gt", gt], ["ge", ge]]

for dt in [f32, f64] {
    let x = to(base, dt)
    let y = to(cat([base[1:], base[0:1]]), dt)     # x shifted by one: pairs differ
    for u in unary { save(u[1](x), name(u[0], dt)) }
    # the three unit-stride forms (both contiguous, scalar right, scalar
    # left) and a strided one (a transposed view)
    let xt = transpose(reshape(x[0:5000], 50, 100), 0, 1)
    let yt = transpose(reshape(y[0:5000], 50, 100), 0, 1)
    for b in binary {
        save(b[1](x, y), name(b[0], dt))
        save(b[1](x, 2.5), name(b[0] + "_scalar_rhs", dt))
        save(b[1](-1.5, x), name(b[0] + "_scalar_lhs", dt))
        save(b[1](xt, yt), name(b[0] + "_strided", dt))
    }
    # softmax and log_softmax, forward and backward, along rows of several
    # lengths and along axis 0 (strided), from offset 13 (finite values),
    # and once from offset 0 (rows holding nan and inf)
    let w = to(randn(5009), dt)
    for case in [[13, 1, 4996], [13, 4, 1249], [13, 555, 9], [0, 556, 9]] {
        let at = case[0]
        let rows = [case[1], case[2]]
        let n = rows[0] * rows[1]
        let xs = reshape(x[at:at + n], rows)
        let ws = reshape(w[0:n], rows)
        let tag = str(at) + "_" + str(rows[0]) + "x" + str(rows[1])
        for axis in [-1, 0] {
            let p = param(xs)
            backward(sum(softmax(p, axis=axis) * ws))
            save(softmax(xs, axis=axis), name("softmax_" + tag + "_" + str(axis), dt))
            save(p.grad, name("softmax_grad_" + tag + "_" + str(axis), dt))
            let q = param(xs)
            backward(sum(log_softmax(q, axis=axis) * ws))
            save(log_softmax(xs, axis=axis), name("log_softmax_" + tag + "_" + str(axis), dt))
            save(q.grad, name("log_softmax_grad_" + tag + "_" + str(axis), dt))
        }
    }
}
