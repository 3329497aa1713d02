# x op= v on tensors writes in place: other names of the tensor see it
let a = tensor([1, 2, 3])
let b = a
a += 10
print(b)
a *= tensor([1, 0, 2])
print(b)
let c = a[0:2]
c -= 1
print(a)
a[2] = 7
a[0:2] = tensor([5, 6])
print(b)
let n = 3
let m = n
n += 1
print(n, m)
let s = "ab"
s += "c"
print(s)
let l = [1, 2]
l[0] += 5
print(l)
