# Found by tests/fuzz/torch_diff.py (docs/HARDENING.md): the second
# derivative of x ** 0 at x = 0 is 0 (torch gives 0); it was nan, from
# 0^-1 = inf times the zero gradient of the rule's where.
let x = tensor([0.0, 1.0, -2.0], grad)
let g = grads(sum(x ** 0), [x], create_graph=true)[0]
print(g, grads(sum(g), [x])[0])
let g1 = grads(sum(x ** 1), [x], create_graph=true)[0]
let g2 = grads(sum(x ** 2), [x], create_graph=true)[0]
print(grads(sum(g1), [x])[0], grads(sum(g2), [x])[0])
