# 04c - L2 regularization: 30 noisy samples, 20 features, and only the first
# three features matter. Unregularized least squares uses all 20 weights to
# fit the noise; a penalty lam * sum(w^2) pulls the useless weights toward 0,
# costs a little training loss and buys a lower loss on fresh data.
#
#   build/mg examples/04c_l2_regularization.mg

fn round_to(x, digits) {
    let s = 10 ** digits
    let v = x * s + 0.5
    return (v - v % 1) / s
}

seed(4)
let truth = cat([tensor([1.0, -1.0, 0.5]), zeros(17)])   # [20]
let X = randn(30, 20)
let y = X @ truth + randn(30)            # noise of std 1
let X_test = randn(1000, 20)
let y_test = X_test @ truth + randn(1000)

# Full-batch Adam until the loss stops moving; returns [train, test, |w|].
fn fit(lam) {
    let w = param(zeros(20))
    let opt = adam([w], lr=0.05)
    for step in range(800) {
        let loss = mse_loss(X @ w, y) + lam * sum(w ** 2)
        opt.zero_grad()
        backward(loss)
        opt.step()
    }
    no_grad {
        return [item(mse_loss(X @ w, y)), item(mse_loss(X_test @ w, y_test)), item(norm(w))]
    }
}

fn pad(v, width) {
    let s = str(v)
    while len(s) < width { s = s + " " }
    return s
}

print(pad("lam", 6) + pad("train", 8) + pad("test", 8) + "|w|")
let results = []
for lam in [0, 0.1, 0.3, 1, 3] {
    let r = fit(lam)
    append(results, r)
    print(pad(lam, 6) + pad(round_to(r[0], 2), 8) + pad(round_to(r[1], 2), 8) + str(round_to(r[2], 2)))
}
# A U shape: too little penalty fits the noise, too much underfits.
let best = results[2]
print("lam = 0.3 lowers the test loss:", best[1] < results[0][1])
print("lam = 3 underfits, test loss above lam = 0.3:", results[4][1] > best[1])
for r in results {
    assert(best[1] <= r[1], "lam = 0.3 should have the lowest test loss")
}
assert(best[1] < results[0][1] - 0.5, "lam = 0.3 should generalize clearly better than lam = 0")
assert(results[0][0] < best[0], "the penalty should cost training loss")
for i in range(4) {
    assert(results[i + 1][2] < results[i][2], "|w| should shrink as lam grows")
}
