# Found by fuzz_eval: reducing a tensor with a zero-size dimension along
# another axis (here inside backward's unbroadcast) divided by zero.
let x = randn(3, 0)
let w = tensor(2.0, grad)
backward(sum(x * w))
print(w.grad)
print(sum(zeros(2, 0), axis=0), sum(zeros(0, 2), axis=1), max(zeros(2, 0), axis=0))
print(sum(zeros(2, 0, 3), axis=1))
print(mean(zeros(2, 0), axis=0))
