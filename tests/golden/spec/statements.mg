# SPEC §4 statements not covered elsewhere: attribute and element targets,
# compound assignment on list elements and strings, anonymous block bodies.
let w = tensor([1.0, 2], grad)
sum(w * 3).backward()
print(w.grad)
w.grad = none                      # clear a gradient
print(w.grad)
let v = tensor([1.0, 2])
v.requires_grad = true             # makes a leaf require grad
sum(v * v).backward()
print(v, v.grad)
let l = [1, [2, 3]]
l[0] += 5
l[1][0] *= 10
l[-1][1] -= 1
print(l)
let s = "a"
s += "b"
print(s)
let x = tensor([1.0, 2, 3])
x[0] += 5
x[1:] *= 2
print(x)
let sq = fn(t) { let r = t * t; return r }
fn nothing() { }
print(sq(3), nothing(), (fn() => 7)())
