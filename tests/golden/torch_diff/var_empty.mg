# Found by tests/fuzz/torch_diff.py (docs/HARDENING.md): the variance of no
# elements is 0 / 0 = nan, biased or not, as in torch (the unbiased divisor
# stops at 0); it was 0 / -1 = -0.
print(var(zeros(0)), var(zeros(0), unbiased=false), var(zeros(0, 2), 0), var(zeros(2, 0), -1, true))
print(var(tensor([2.0])), var(tensor([2.0, 4.0])))
