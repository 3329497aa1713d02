# SPEC §5 printing: one element format for the whole tensor, right-aligned
# to one width; suffixes f64, cuda, then grad or grad_fn=OP.
# %.0f: every finite element whole with |v| < 1e8
print(tensor([1, -2, 30]))
print(tensor([99999999, -1], f64))
print(tensor([0/0, 1/0, -1/0, 7]))
print(tensor(-3), tensor(-0.0))
# %.4e: largest finite |v| >= 1e8, or smallest nonzero |v| < 1e-4
print(tensor([100000000, 1], f64))
print(tensor([1.5, 1e8]))
print(tensor([0, 0.00001, 1]))
print(tensor([-0.00005, 2.5], f64))
# %.4f otherwise (1e-4 itself is not below the threshold in f64)
print(tensor([0.0001, 1], f64))
print(tensor([0.5, -123.25]))
print(tensor([0/0, 1.5]))
print(tensor(0.5))
# layout and suffixes
print(tensor([[1, 2], [3, 4]]))
print(tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]))
print(tensor([0.1, 0.2], f64, grad))
print(tensor([1, 2, 3], grad) * 2)
print(tensor([1.5], f64, grad) + 1)
print(zeros(0), zeros(2, 0, f64))
# rows wrap at 80 columns
print(arange(30) * 1000)
