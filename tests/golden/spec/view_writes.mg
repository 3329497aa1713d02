# An in-place update through a view (x[...], transpose, reshape) is recorded
# on the view's base, as torch's CopySlices does, so gradients through the
# base and through other views of it are right. Every value below was
# checked against torch 1.13 (the same eight programs).
let a = tensor([1.0, 2.0, 3.0], grad)
# 1. sibling view made before the update
let d = a * 1
let s = d[0:2]
let v = d[1:]
v *= 10
backward(sum(s * s) + sum(d))
print(a.grad)
# 2. transpose view write
let b = tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], grad)
let d3 = b * 2
let t = transpose(d3, 0, 1)
t[0, 0] = 7
backward(sum(d3 * d3))
print(b.grad)
# 3. view += slice of leaf
let c = tensor([1.0, 2.0, 3.0], grad)
let d4 = c * 1
let v4 = d4[0:2]
v4 += c[0:2]
backward(sum(d4))
print(c.grad)
# 4. buffer without grad gets a value that needs grad
let w = tensor([1.0, 2.0, 3.0], grad)
let buf = zeros(2, 3)
let r = buf[0]
r += w
buf[1] = w * 2
backward(sum(buf * buf))
print(w.grad, buf.requires_grad)
# 5. view *= value that requires grad (old values needed)
let p = tensor([1.0, 2.0, 3.0], grad)
let q = tensor([2.0, 3.0], grad)
let dp = p * p
let vp = dp[1:]
vp *= q
backward(sum(dp))
print(p.grad, q.grad)
# 6. view of view, and reshape view
let m = tensor([[1.0, 2.0], [3.0, 4.0]], grad)
let dm = m * 3
let flat = reshape(dm, [4])
let part = flat[1:3]
let inner = part[1:]
inner -= 5
backward(sum(dm * dm))
print(m.grad)
# 7. the view used afterwards
let e = tensor([1.0, 2.0], grad)
let de = e * 1
let ve = de[0:1]
ve *= 3
backward(sum(ve * de[1:]) + sum(ve))
print(e.grad)
# 8. x op= x through a view
let f = tensor([1.0, 2.0, 3.0], grad)
let df = f * 1
let vf = df[1:]
vf *= vf
backward(sum(df))
print(f.grad)
# 9. gradcheck in f64 through writes into views
fn f(x) {
    let h = x * 1
    let top = h[0]
    top *= x[1]
    let col = transpose(h, 0, 1)[1]
    col += 2 * x[0]
    return h
}
print(gradcheck(f, randn(2, 2, f64, grad)))
# 10. second order through an update of a view
let z = tensor([1.0, 2.0], f64, grad)
let dz = z * z
let vz = dz[1:]
vz *= z[1:]
let gz = grads(sum(dz), [z], create_graph=true)[0]
print(gz, grads(sum(gz), [z])[0])
# 11. an expand() view made before its base was updated: the gradients of
# its elements, which share one memory location, are summed
let k = tensor([0.5], grad)
let hk = k * 1
let ek = expand(hk, [2])
hk *= 3
backward(sum(ek * tensor([2.0, 5.0])))
print(ek, k.grad)
