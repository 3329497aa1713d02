fn area(width, height) { return width * height }
print(area(2, 3), area(width=2, height=5), area(4, height=10), area(height=1, width=7))
fn greet(name, greeting) { return greeting + ", " + name }
print(greet(greeting="hi", name="mg"))
let x = tensor([[1, 2], [3, 4]])
print(sum(x, axis=0), sum(x, 1, keepdim=true), sum(x, keepdim=false))
print(mean(x, axis=-1))
let z = zeros(2, dtype=f64, requires_grad=true)
print(z, z.requires_grad, z.dtype)
print(ones([2, 2], f64))
print(leaky_relu(-2, slope=0.5))
