# Found by tests/fuzz/torch_diff.py (docs/HARDENING.md): a 0-d tensor takes
# axis 0 and -1 in every op with an axis, as in torch and as sum and max
# already did; mean, var, logsumexp, softmax, log_softmax and squeeze said
# "axis 0 is out of range for a 0-d tensor".
let s = tensor(3.0, grad)
print(mean(s, 0), mean(s, -1, true), var(s, 0, unbiased=false), logsumexp(s, -1))
print(softmax(s, 0), log_softmax(s), squeeze(s, 0))
let y = softmax(s * 2, 0) + logsumexp(s, 0) + var(s, -1, unbiased=false)
backward(y)
print(s.grad)
softmax(s, 1)
