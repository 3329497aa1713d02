one_hot(tensor([0, 1]), 2.5)
