backward(3)
