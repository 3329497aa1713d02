one_hot(tensor([1e19]), 3)
