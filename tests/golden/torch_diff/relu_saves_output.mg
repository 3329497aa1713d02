# Found by tests/fuzz/torch_diff.py's random graphs (docs/HARDENING.md):
# relu's node saved its input, where torch's saves its output, so the
# version check fired on the other side of torch's. Updating relu's INPUT
# in place afterwards must be fine (the rule reads only the output) ...
let a = tensor([[1.5, -2.0], [0.5, 0.0]], grad)
let h = a * 2.0
let r = relu(h)
h -= r
backward(sum(r * r + h * 3.0))
print(a.grad)
# ... and its gradient, a mask of the output, is still 0 at 0 (SPEC 6.7)
let b = tensor([-1.0, 0.0, 2.0], grad)
backward(sum(relu(b) * tensor([1.0, 2.0, 3.0])))
print(b.grad)
# ... while updating relu's OUTPUT makes backward fail, as in torch
let c = a * 1.0
let q = relu(c)
q += 1.0
backward(sum(q))
