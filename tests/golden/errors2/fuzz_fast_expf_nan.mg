# Found by fuzz_eval: a nan reaching the f32 exp of softmax, exp, tanh and
# sigmoid gives nan (its exponent was converted to int: undefined behaviour)
let n = 1 % 0.0
print(n)
print(softmax(tensor([n, 2.0, 3.0])), log_softmax(tensor([1.0, n])))
print(exp(tensor([n, 0])), tanh(tensor([n, 0])), sigmoid(tensor([n, 0])))
