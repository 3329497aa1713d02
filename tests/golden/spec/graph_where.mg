# SPEC §6.6, §7 "look inside": graph(y) shows each node's op, shape, the
# position that made it, and .grad when present (after backward).
let x = tensor([1.0, 2.0], grad)
let w = tensor(3.0, grad)
let h = x * w
retain_grad(h)
let y = sum(h + 1)
graph(y)
backward(y, retain=true)
graph(y)
