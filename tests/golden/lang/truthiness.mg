fn t(v) { if v { return "T" } return "F" }
print(t(false), t(none), t(0), t(""), t([]), t(tensor(0)), t(zeros(1, 1)))
print(t(true), t(1), t(-0.5), t("a"), t([0]), t(tensor(2)), t(sum), t(grad), t(fn() => 0))
print(not [], not "x", 1 and "", 0 or [1], none or 0)
let calls = 0
fn bump() { calls += 1; return true }
print(false and bump(), true or bump(), calls)
print(true and bump(), false or bump(), calls)
if tensor([1, 2, 3]) { print("no") }
