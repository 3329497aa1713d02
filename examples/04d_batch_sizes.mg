# 04d - mini-batch sizes 1, 32 and 128: the same data, the same learning rate
# and the same two passes (epochs) over 1024 samples of y = 3 x + 2 + noise.
# Small batches make many cheap, noisy steps; large batches few smooth ones,
# so with a fixed budget of epochs and a fixed learning rate the large batch
# is still far from the answer (raise its learning rate, or train longer).
#
#   build/mg examples/04d_batch_sizes.mg

fn round_to(x, digits) {
    let s = 10 ** digits
    let v = x * s + 0.5
    return (v - v % 1) / s
}

seed(5)
let n = 1024
let x = randn(n, 1)
let y = 3 * x + 2 + 0.1 * randn(n, 1)

# Returns [steps taken, loss on all the data, w, b].
fn train(batch) {
    let w = param(zeros(1, 1))
    let b = param(zeros(1))
    let opt = sgd([w, b], 0.02)
    let steps = 0
    for epoch in range(2) {
        for start in range(0, n, batch) {
            let xb = x[start:start + batch]                # [batch, 1]
            let loss = mse_loss(xb @ w + b, y[start:start + batch])
            opt.zero_grad()
            backward(loss)
            opt.step()
            steps += 1
        }
    }
    no_grad {
        return [steps, item(mse_loss(x @ w + b, y)), item(w), item(b)]
    }
}

let results = []
for batch in [1, 32, 128] {
    let r = train(batch)
    append(results, r)
    print("batch " + str(batch) + ":", r[0], "steps, w =", round_to(r[2], 1), " b =", round_to(r[3], 1),
          " loss", round_to(r[1], 2))
}
print("more steps, closer fit: batch 1 loss < batch 32 loss < batch 128 loss:",
      results[0][1] < results[1][1] and results[1][1] < results[2][1])
assert(results[0][0] == 2048 and results[1][0] == 64 and results[2][0] == 16, "steps = 2 * 1024 / batch")
assert(results[0][1] < 0.02, "batch 1 should have converged")
assert(results[0][1] < results[1][1] and results[1][1] < results[2][1], "fewer steps fit less in two epochs")
