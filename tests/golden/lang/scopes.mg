# Only functions make scopes; blocks do not.
let x = 1
if true { let y = 2; x = 10 }
print(x, y)
for i in range(3) { let last = i }
print(last, i)
fn f() {
    x = 20          # assigns the global x (nearest binding)
    let z = 5       # local
    z = 6
    return z
}
print(f(), x)
fn g() {
    let x = 100     # shadows the global
    x = x + 1
    return x
}
print(g(), x)
fn h() {
    fresh = 7       # no binding anywhere: declared locally
    return fresh
}
print(h())
print(type(fresh))
