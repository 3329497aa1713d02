let out = []
for i in range(5) {
    if i == 1 { continue }
    if i == 4 { break }
    append(out, i)
}
print(out)
print(range(3), range(2, 5), range(10, 0, -3), range(0, 1, 0.25))
let n = 0
while true {
    n += 1
    if n >= 3 { break }
}
print(n)
let k = 10
while k > 0 { k -= 4 }
print(k)
for row in tensor([[1, 2], [3, 4]]) { print(row) }
for ch in "ab" { print(ch) }
fn first_even(xs) {
    for x in xs { if x % 2 == 0 { return x } }
    return none
}
print(first_even([3, 5, 8, 9]), first_even([1]))
let sign = 0
let v = -2
if v > 0 { sign = 1 } else if v < 0 { sign = -1 } else { sign = 0 }
print(sign)
for i in range(3) { }
print(i)
