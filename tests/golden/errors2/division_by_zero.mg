# Division by zero follows IEEE 754: no error.
print(1 / 0, -1 / 0, 0 / 0)
print(tensor([1, -1, 0]) / 0)
print(tensor([1, -1, 0], f64) / tensor([0, 0, 0], f64))
print(5 % 0)
print(log(tensor([0])))
