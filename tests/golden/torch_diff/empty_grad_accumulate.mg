# Found by tests/fuzz/torch_diff.py (docs/HARDENING.md): a second backward
# into an empty leaf failed, because its first .grad was an expanded view
# (mean's gradient) and adding to it in place was refused as a write into
# shared elements; an empty tensor shares none (torch allows it too).
let a = zeros(6, 0, 3, grad)
let loss = sum(mean(a, 0))
backward(loss, retain=true)
backward(loss)
print(a.grad.shape)
let e = expand(zeros(1, 0), [3, 0])
e += 1
print(e.shape)
let f = expand(zeros(1, 2), [3, 2])
f += 1
