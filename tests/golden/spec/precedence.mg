# SPEC §4 precedence, lowest first: or, and, not, comparisons, + -,
# * / % @, unary - +, ** (right; -x**2 is -(x**2); 2**-1 allowed), postfix.
print(true or false and false, (true or false) and false)
print(not true or true, not (true or true))
print(not 1 == 2, 1 + 2 == 3, 1 < 2 + 0)
print(1 + 2 * 3, 10 - 2 - 3, 8 / 2 / 2, 7 - 5 % 3, 2 * 3 % 4)
print(-2 ** 2, (-2) ** 2, 2 ** -1, 2 ** 3 ** 2, -3 * -2, +-+1)
let m = tensor([[1, 2], [3, 4]])
print(m @ m * 2, 2 * m @ m, m @ m + 1)
print(m.shape[0], [[5, 6]][0][1], (fn(a) => [a])(9)[0], m.T[0], -m.sum(), -m.T.sum(0))
let calls = 0
fn bump() { calls += 1; return true }
print(false and bump(), true or bump(), calls)
