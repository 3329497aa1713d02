# SPEC §7: elementwise builtins given plain numbers return plain numbers.
print(exp(1), log(2), sqrt(2), abs(-3), sin(1), cos(1), tanh(0.5))
print(sigmoid(0), sigmoid(-1000), relu(-2), relu(3), leaky_relu(-2), leaky_relu(-2, 0.1), gelu(1))
print(neg(2), pow(2, 10), clamp(5, 0, 3), clamp(-1, 0, 3), maximum(1, 2), minimum(1, 2))
print(where(true, 1, 2), where(0, 1, 2), where(3 > 2, -1, 1), sign(-3), sign(0), sign(-0.0), sign(2.5))
print(type(exp(1)), type(where(false, 1, 2)), type(maximum(1, 2)), type(clamp(1.5, 0, 1)))
# nan propagates through maximum/minimum as in the tensor kernels
print(maximum(0 / 0, 1), minimum(1, 0 / 0), sign(tensor([-0.0, 0.0, -3.0, 0.5])))
# a tensor among the arguments gives a tensor
print(where(false, 5, tensor(6.0)), maximum(tensor([1.0, 4.0]), 2))
