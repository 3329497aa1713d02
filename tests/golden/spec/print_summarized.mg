# SPEC §5: more than 1000 elements: each dimension shows its first 3 and
# last 3 entries with ... between (exactly 1000 elements print in full).
print(arange(1000).reshape(1000, 1)[997:].shape, len(str(arange(1000))) > 4000)
print(arange(1001))
print(arange(2000).reshape(2, 1000))
print(arange(1200).reshape(40, 30) * 0.5)
print(arange(1024).reshape(4, 4, 8, 8))
# the width comes from the entries shown
let x = zeros(2000)
x[1000] = 123456
print(x)
print(sin(arange(1001, f64)), randn(1001, grad).shape)
