# 05 - the micrograd demo: a 2-16-16-1 MLP learns to separate two interleaved
# half-moons, reaching 100% training accuracy, then draws its decision
# regions in the terminal.
#
#   build/mg examples/05_micrograd_demo.mg [OUT_DIR]
#
# Writes OUT_DIR/moons_loss.svg (default: the current directory). plot()
# draws line charts only and mg has no general file-writing builtin, so the
# decision boundary is drawn as a character map on stdout.

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

# --- the decision map ------------------------------------------------------
# One forward pass over a grid of cols x rows points covering the data;
# ' ' where the model says moon 0, '.' where it says moon 1, and the
# training points on top: 'o' for moon 0, 'x' for moon 1.
let cols = 64
let rows = 22
let x0 = -1.5
let x1 = 2.5
let y0 = -1.0
let y1 = 1.5
let gx = expand(reshape(linspace(x0, x1, cols), [1, cols]), [rows, cols])
let gy = expand(reshape(linspace(y1, y0, rows), [rows, 1]), [rows, cols])
let grid = stack([flatten(gx), flatten(gy)], axis=1)         # [rows * cols, 2]
let says = []
no_grad { says = tolist(model(grid) > 0) }

let marks = []
for i in range(rows * cols) { append(marks, "") }
let points = tolist(X)
let labels = tolist(y)
for i in range(len(points)) {
    let c = (points[i][0] - x0) / (x1 - x0) * (cols - 1) + 0.5
    let r = (y1 - points[i][1]) / (y1 - y0) * (rows - 1) + 0.5
    c = c - c % 1
    r = r - r % 1
    if c >= 0 and c < cols and r >= 0 and r < rows {
        if labels[i] == 0 { marks[r * cols + c] = "o" } else { marks[r * cols + c] = "x" }
    }
}
print("decision regions (' ' moon 0, '.' moon 1; points o / x):")
let border = "+"
for c in range(cols) { border += "-" }
border += "+"
print(border)
for r in range(rows) {
    let line = "|"
    for c in range(cols) {
        let k = r * cols + c
        if marks[k] != "" { line += marks[k] }
        else if says[k] == 1 { line += "." }
        else { line += " " }
    }
    print(line + "|")
}
print(border)
