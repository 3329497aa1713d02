# 01 - scalar autograd: two tiny expressions, their gradients from backward(),
# and the chain rule written out by hand next to each one.
#
#   build/mg examples/01_scalar_autograd.mg

# --- c = a*b + a -----------------------------------------------------------
# The graph is add(mul(a, b), a). `a` is used twice, so its gradient is the
# sum of what flows back along both uses: b (through mul) + 1 (through add).
let a = tensor(2.0, grad)
let b = tensor(3.0, grad)
let c = a * b + a
backward(c)

print("c = a*b + a with a = 2, b = 3")
print("  c =", item(c))
print("  dc/da = b + 1 =", item(a.grad))
print("  dc/db = a     =", item(b.grad))
assert(item(a.grad) == item(b) + 1, "dc/da should be b + 1")
assert(item(b.grad) == item(a), "dc/db should be a")

# --- e = (a+b) * ((a+b) * a) -----------------------------------------------
# Name the pieces: s = a + b, d = s * a, e = s * d = s^2 * a.
# Reverse mode walks from e back to the leaves:
#   de/ds = d + s*a = 2*s*a     (s is used twice: directly and inside d)
#   de/da = de/ds * ds/da + de/dd * dd/da = 2*s*a + s*s
#   de/db = de/ds * ds/db                 = 2*s*a
# Fresh leaves, so the gradients from the first part do not accumulate here.
let a = tensor(2.0, grad)
let b = tensor(3.0, grad)
let s = a + b
let d = s * a
let e = s * d
backward(e)

let av = item(a)
let sv = item(a) + item(b)
print("e = (a+b)*((a+b)*a) with a = 2, b = 3, s = a + b = 5")
print("  e = s*s*a =", item(e))
print("  de/da = 2*s*a + s*s = 2*5*2 + 5*5 =", item(a.grad))
print("  de/db = 2*s*a       = 2*5*2       =", item(b.grad))
assert(item(e) == sv * sv * av, "e should be s*s*a")
assert(item(a.grad) == 2 * sv * av + sv * sv, "de/da should be 2*s*a + s*s")
assert(item(b.grad) == 2 * sv * av, "de/db should be 2*s*a")

# Intermediate tensors keep no .grad unless asked before backward:
print("  s.grad without retain_grad:", s.grad)
