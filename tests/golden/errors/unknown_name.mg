let weight = tensor([1, 2])
fn show() { print(wieght) }
show()
