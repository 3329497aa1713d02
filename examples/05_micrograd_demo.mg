# 05 - the micrograd demo: a 2-16-16-1 MLP learns to separate two interleaved
# half-moons, reaching 100% training accuracy, then draws its decision
# boundary.
#
#   build/mg examples/05_micrograd_demo.mg [OUT_DIR]
#
# Writes OUT_DIR/moons_loss.svg and OUT_DIR/boundary.svg (default: the
# current directory): the training loss, and the decision boundary as a heat
# map of the model's logits with the training points on top. The same map
# is drawn in the terminal.

let out = "."
if len(args()) > 0 { out = args()[0] }

fn round_to(x, digits) {
    let s = 10 ** digits
    let v = x * s + 0.5
    return (v - v % 1) / s
}

# --- two moons, made here --------------------------------------------------
# Moon 0: the upper half circle (cos t, sin t), t in [0, pi].
# Moon 1: the lower half circle shifted right and up: (1 - cos t, 0.5 - sin t).
seed(7)
let per_moon = 50
let t = linspace(0, 3.141592653589793, per_moon)
let upper = stack([cos(t), sin(t)], axis=1)                 # [50, 2]
let lower = stack([1 - cos(t), 0.5 - sin(t)], axis=1)       # [50, 2]
let X = cat([upper, lower]) + 0.1 * randn(2 * per_moon, 2)  # [100, 2]
let y = cat([zeros(per_moon), ones(per_moon)])              # [100] labels 0 / 1

# --- the model -------------------------------------------------------------
# Weights scaled by 1/sqrt(fan_in) so tanh starts in its linear range.
let W1 = param(randn(2, 16) / sqrt(2))
let b1 = param(zeros(16))
let W2 = param(randn(16, 16) / 4)
let b2 = param(zeros(16))
let W3 = param(randn(16, 1) / 4)
let b3 = param(zeros(1))
let params = [W1, b1, W2, b2, W3, b3]

fn model(X) {
    let h1 = tanh(X @ W1 + b1)          # [n, 16]
    let h2 = tanh(h1 @ W2 + b2)         # [n, 16]
    return reshape(h2 @ W3 + b3, [-1])  # [n] logits: > 0 means moon 1
}

let accuracy = fn(logits, y) => item(mean((logits > 0) == y))

# --- training --------------------------------------------------------------
# bce_with_logits is the stable form of bce_loss(sigmoid(z), y).
let opt = adam(params, lr=0.02)
let losses = []
for step in range(300) {
    let loss = bce_with_logits(model(X), y)
    opt.zero_grad()
    backward(loss)
    opt.step()
    append(losses, item(loss))
}

let acc = 0
no_grad { acc = accuracy(model(X), y) }
print("two moons: 100 points, a 2-16-16-1 tanh MLP, 300 Adam steps")
print("first loss:", round_to(losses[0], 2))
print("loss under 0.05:", losses[299] < 0.05)
print("training accuracy: " + str(acc * 100) + "%")
assert(acc == 1, "the MLP should classify every training point")
plot(losses, out + "/moons_loss.svg", title="two moons: training loss")

# --- the decision boundary ------------------------------------------------
# One forward pass over a 40 x 40 grid of points covering the data (and a
# margin around it) gives the model's logit everywhere. Row i of the grid
# sits at y = ys[i], column j at x = xs[j], the layout plot() expects for
# a heat map over extent=[x0, x1, y0, y1]: blue where the model says moon 0,
# red where it says moon 1, white on the boundary (logit 0). The training
# points go on top in the colour of their moon.
let n = 40
let margin = 0.3                                            # rounded to 0.1
let x0 = round_to(item(min(X[:, 0])) - margin, 1)
let x1 = round_to(item(max(X[:, 0])) + margin, 1)
let y0 = round_to(item(min(X[:, 1])) - margin, 1)
let y1 = round_to(item(max(X[:, 1])) + margin, 1)
let xs = linspace(x0, x1, n)
let ys = linspace(y0, y1, n)
let gx = expand(reshape(xs, [1, n]), [n, n])                # gx[i, j] = xs[j]
let gy = expand(reshape(ys, [n, 1]), [n, n])                # gy[i, j] = ys[i]
let grid = stack([flatten(gx), flatten(gy)], axis=1)        # [n * n, 2]
let logits = none
no_grad { logits = reshape(model(grid), [n, n]) }           # [n, n]

# Both moons get a region of the plane: some grid points on each side.
let moon1_share = item(mean(logits > 0))
print("grid points on each side of the boundary:", moon1_share > 0.2 and moon1_share < 0.8)
assert(moon1_share > 0.2 and moon1_share < 0.8, "the boundary should split the plane")

let extent = [x0, x1, y0, y1]
plot(logits, out + "/boundary.svg", title="two moons: decision boundary", extent=extent, points=X, classes=y)
print("decision regions (shaded by logit; points o moon 0, x moon 1):")
plot(logits, extent=extent, points=X, classes=y)
