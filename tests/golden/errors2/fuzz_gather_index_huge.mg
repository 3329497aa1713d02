# Class indices of 1e19: checked without converting them to integers first
# ((int64_t)1e19 is undefined behaviour).
print(nll_loss(log_softmax(ones(2, 3)), tensor([2, 0])))
nll_loss(log_softmax(ones(2, 3)), tensor([1e19, 0], f64))
