# SPEC §7: axis may be negative; axis=none (the default) reduces everything;
# options positional or keyword. A 0-d tensor takes axis 0 or -1 only (torch).
let x = tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
print(sum(x), sum(x, 0), sum(x, -1), sum(x, axis=-1, keepdim=true), sum(x, none, true))
print(mean(x, 1), max(x), max(x, 0), min(x, -2, true), min(x, axis=1))
print(var(x), var(x, 1), var(x, 1, false, false), var(x, unbiased=false))
print(logsumexp(x, 1), logsumexp(x), argmax(x), argmax(x, 1), argmin(x, axis=-1))
print(any(x > 5), all(x > 1), norm(x))
let s = tensor(3.0)
print(sum(s, 0), max(s, -1), argmax(s, 0), min(s, 0, true))
max(s, 4)
