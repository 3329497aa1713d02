let a = [1, 2, 3]
let b = a              # the same list
append(b, 4)
b[0] = 100
print(a, len(a))
print(a[-1], a[1])
let nested = [1, [2, [3, "x"]], none, true]
print(nested, nested[1][1][1])
print([] , [[]], len([]))
print(a == b, a == [100, 2, 3, 4], a != b)
print([1, 2] + [3], type(a))
let total = 0
for v in a { total += v }
print(total)
let m = [[1, 2], [3, 4]]
m[1][0] = "three"
print(m)
print(str([1.5, "q"]) + "!")
