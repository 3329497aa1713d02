# Found by tests/fuzz/torch_diff.py (docs/HARDENING.md): logsumexp over no
# elements is log(0) = -inf, as in torch; it was "max of an empty tensor".
print(logsumexp(zeros(0)), logsumexp(zeros(4, 0), 1), logsumexp(zeros(0, 2), 0, true))
let x = zeros(3, 0, grad)
backward(sum(logsumexp(x, -1)))
print(x.grad.shape)
print(logsumexp(zeros(3, 0), 0))
