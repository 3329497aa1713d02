# 03 - linear regression from scratch: fit y = w x + b to noisy points of
# y = 3 x + 2 with plain gradient descent, written out by hand (no optimizer).
#
#   build/mg examples/03_linear_regression.mg [OUT_DIR]
#
# Writes OUT_DIR/loss.svg (default: the current directory) and draws the same
# loss curve in the terminal.

let out = "."
if len(args()) > 0 { out = args()[0] }

# Rounds a number to `digits` decimals, for printing (x % 1 is x - floor(x)).
fn round_to(x, digits) {
    let s = 10 ** digits
    let v = x * s + 0.5
    return (v - v % 1) / s
}

seed(0)
let n = 200
let x = randn(n, 1)
let y = 3 * x + 2 + 0.1 * randn(n, 1)      # the truth is w = 3, b = 2

let w = tensor(0.0, grad)
let b = tensor(0.0, grad)
let lr = 0.1
let losses = []

for step in range(100) {
    let pred = x * w + b                   # [n, 1]
    let loss = mean((pred - y) ** 2)
    backward(loss)
    # The update must not be recorded in the graph, and w, b are leaves that
    # require grad: in-place changes to them are only allowed inside no_grad.
    no_grad {
        w -= lr * w.grad
        b -= lr * b.grad
    }
    zero_grad(w, b)                        # gradients accumulate otherwise
    append(losses, item(loss))
}

print("first loss:", round_to(losses[0], 2))
print("final loss:", round_to(losses[len(losses) - 1], 3))
print("w =", round_to(item(w), 2), "(truth 3)")
print("b =", round_to(item(b), 2), "(truth 2)")
assert(abs(item(w) - 3) < 0.05, "w should be close to 3")
assert(abs(item(b) - 2) < 0.05, "b should be close to 2")
assert(losses[99] < losses[0] / 100, "the loss should fall by 100x")

let svg = out + "/loss.svg"
plot(losses, svg, title="loss")
print("wrote", svg)
plot(losses, title="loss")
