# Found by tests/fuzz/torch_diff.py (docs/HARDENING.md): a composite op
# whose inputs have different dtypes gives f64 (SPEC 5) and now computes
# every step in f64; bce_loss, bce_with_logits, linear and conv2d took the
# steps that saw only f32 inputs in f32, so an f64 result had f32 accuracy.
let x = tensor([[0.1]])
let W = tensor([[0.1]])
let b = tensor([0.0], f64)
print(tolist(linear(x, W, b)), tolist(x @ W + b))
print(tolist(conv2d(reshape(x, [1, 1, 1, 1]), reshape(W, [1, 1, 1, 1]), b)))
let p = tensor([0.3])
let y = tensor([1.0], f64)
print(tolist(bce_loss(p, y)), tolist(-log(to(p, f64))))
print(tolist(bce_with_logits(p, y)), tolist(softplus(to(p, f64)) - to(p, f64)))
