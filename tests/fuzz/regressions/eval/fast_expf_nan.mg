# Found by fuzz_eval: `1 % .0` is nan, and softmax's f32 exp converted the
# nan exponent to int (undefined; clang's UBSan float-cast-overflow).
print(softmax(tensor([1 % .0, 2.0, 3.0])))
print(exp(tensor([0 / 0])), tanh(tensor([0 / 0])), sigmoid(tensor([0 / 0])))
