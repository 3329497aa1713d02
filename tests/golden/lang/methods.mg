# x.f(a) is f(x, a) for builtins
let x = tensor([[1, 2, 3], [4, 5, 6]])
print(x.sum(0), x.sum(), x.max(1))
print(x.reshape(3, 2))
print(x.reshape([6]).sum().item())
print(x.T.shape, x.transpose(0, 1).shape, x.flatten().tolist())
print(x[1].mean(), x.exp().log().sum().item())
let l = [1]
l.append(2)
print(l, l.len())
print(tensor(-3).abs(), x.numel(), x.shape)
