let x = ones(2)
print(cuda_available())
let y = to(x, cuda)
