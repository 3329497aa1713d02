# 04b - momentum against plain gradient descent, on a badly conditioned
# problem: y = 3 x1 + 2 x2 where x2 is ten times smaller than x1. The loss is
# a long narrow valley: steep along w1, almost flat along w2. The learning
# rate must be small enough for the steep direction, so plain descent crawls
# along the flat one; momentum keeps the velocity it builds up along it.
#
#   build/mg examples/04b_momentum.mg [OUT_DIR]
#
# Writes OUT_DIR/momentum.svg (default: the current directory): both curves,
# plain descent first, then momentum.

let out = "."
if len(args()) > 0 { out = args()[0] }

fn round_to(x, digits) {
    let s = 10 ** digits
    let v = x * s + 0.5
    return (v - v % 1) / s
}

seed(3)
let X = randn(256, 2) * tensor([1.0, 0.1])  # [256, 2], columns of scale 1 and 0.1
let y = X @ tensor([3.0, 2.0])              # [256]

fn train(momentum) {
    let w = param(zeros(2))
    let opt = sgd([w], 0.5, momentum=momentum)
    let losses = []
    for step in range(100) {
        let loss = mse_loss(X @ w, y)
        opt.zero_grad()
        backward(loss)
        opt.step()
        append(losses, item(loss))
    }
    return [losses, tolist(w)]
}

let plain = train(0)
let heavy = train(0.8)
print("after 100 steps with lr 0.5:")
print("  plain descent:  loss", round_to(plain[0][99], 3), " w2 =", round_to(plain[1][1], 2), "(truth 2)")
print("  momentum 0.8:   loss < 1e-6:", heavy[0][99] < 1e-6, " w2 =", round_to(heavy[1][1], 2), "(truth 2)")
assert(heavy[0][99] < plain[0][99] / 100, "momentum should end 100x lower")
assert(abs(heavy[1][1] - 2) < 0.01, "momentum should find w2")
assert(abs(plain[1][1] - 2) > 0.1, "plain descent should still be on its way")

let both = []
for v in plain[0] { append(both, v) }
for v in heavy[0] { append(both, v) }
plot(both, out + "/momentum.svg", title="loss: plain descent (steps 0-99), then momentum (100-199)")
