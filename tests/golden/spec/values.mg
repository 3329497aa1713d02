# SPEC §3: the value types, their type() names and printed forms.
fn named(a) { return a }
let o = sgd([param(zeros(1))], 0.1)
print(type(3), type(true), type(none), type("s"), type([1]), type(tensor([1])))
print(type(fn(x) => x * 2), type(named), type(sum), type(grad), type(o))
print(grad, f32, f64, cpu, cuda, sum, named, o)
print("as is", ["a", 1, none, true, [2, "b"]], "a" + "b" + str(1.5))
# numbers: shortest form that reads back, no trailing .0
print(5, 0.1, 1 / 3, 1e-10, 1e20, 0 / 0, 1 / 0, -1 / 0, 5e-324, 2 ** 53 + 1)
# truthiness: false, none, 0, "", [] are false; a one-element tensor by its value
fn t(v) { if v { return "T" } return "F" }
print(t(false), t(none), t(0), t(""), t([]), t(tensor([[0]])), t(0 / 0), t(tensor(-1)))
