let x = ones(2, 3)
softmax(x, axis="last")
