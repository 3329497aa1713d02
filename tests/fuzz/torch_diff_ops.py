"""torch_diff_ops.py - the op table of torch_diff: one small generator per op.

A generator gets an rng and a Case and returns an Expr: the same
computation as mg text and as torch text, over tensors it asked the Case
for (`c.tensor(shape, mode)`, which also picks views and dtypes). Both
texts are run as they are, and printed as they are in a reproducer.

Where mg differs from torch on purpose (docs/DECISIONS.md, SPEC), the
generator avoids that corner and says why in a comment, so every reported
mismatch is a bug or a new decision to write down.
"""
import numpy as np

from torch_diff_graphs import gen_graph
from torch_diff_inputs import (F32, F64, PT_DTYPE, Leaf, broadcast_partner, num, rand_shape,
                               values, view_chain)


class Expr:
    """The op under test. grad: the result is differentiable in mg (a
    backward and a gradient comparison follow); loose: a tolerance factor
    for long sums; second: a second-order check makes sense; f32_inside:
    the computation passes through f32 whatever the inputs' dtypes (to(x,
    f32)), so f64 gradients get f32's tolerance."""

    def __init__(self, mg, pt, grad=True, loose=1.0, second=True, f32_inside=False):
        self.mg, self.pt, self.grad, self.loose, self.second = mg, pt, grad, loose, second
        self.f32_inside = f32_inside


class Case:
    """The tensors and statements of one case, in both languages."""

    def __init__(self, rng, dtype, mixed, special=False):
        self.rng, self.dtype, self.mixed, self.special = rng, dtype, mixed, special
        self.leaves = []      # Leaf
        self.views = []       # (mg line, torch line): a view of a leaf, `let x0 = ...`
        self.stmts = []       # (mg line, torch line): the op's own statements before `out = ...`
        self.operands = []    # (variable, dtype) of the float tensors the op combines
        self.retained = []    # non-leaf variables given retain_grad: their .grad is compared too
        self.out2 = None      # a second output (variable) for the form "two" of torch_diff

    def pick_dtype(self):
        if self.mixed and self.rng.random() < 0.5:
            return F64 if self.dtype == F32 else F32
        return self.dtype

    def tensor(self, shape, mode="normal", grad=True, views=True, expand=True, dtype=None,
               operand=True, special=True):
        """A float tensor of `shape` for the op: a leaf, maybe seen through
        views. expand=False: no stride-0 view (it would repeat values, making
        ties where a generator must avoid them). operand=False: a tensor that
        only decides (where's condition), kept out of dtype promotion.
        special=False: never nan or inf, even in a special case.
        Returns its variable name."""
        k = len(self.leaves)
        if self.special and special and mode in ("normal", "large", "ties"):
            mode = "special"            # nan, inf and -inf among the values
        depth = 0
        if views and self.rng.random() < 0.55:
            depth = 1 if self.rng.random() < 0.7 else 2
        base, mg_t, pt_t = view_chain(self.rng, shape, depth, expand)
        dt = dtype or self.pick_dtype()
        leaf = Leaf("a%d" % k, values(self.rng, base, mode, dt), dt, grad)
        self.leaves.append(leaf)
        var = leaf.name
        if mg_t != "{}":
            var = "x%d" % k
            self.views.append(("let %s = %s" % (var, mg_t.format(leaf.name)),
                               "%s = %s" % (var, pt_t.format(leaf.name))))
        if operand:
            self.operands.append((var, dt))
        return var

    def promotion(self):
        """The torch line that gives the operands one dtype as SPEC 5 says
        (two dtypes give f64), or None. torch would keep f32 for an f32
        tensor with a 0-d f64 one, and matmul/dot/conv2d refuse mixed
        dtypes; mg follows SPEC 5 everywhere."""
        if len({dt for _, dt in self.operands}) < 2:
            return None
        names = ", ".join(v for v, _ in self.operands)
        return "%s, = P(%s)" % (names, names)

    def classes(self, shape, n):
        """Class indices in [0, n): an f32 tensor in mg, int64 in torch."""
        leaf = Leaf("a%d" % len(self.leaves), self.rng.integers(0, max(n, 1), shape).astype(np.float64),
                    F32, False, kind="classes")
        self.leaves.append(leaf)
        return leaf.name

    def mask(self, shape):
        """A 0/1 condition for where (kept out of dtype promotion in torch)."""
        leaf = Leaf("a%d" % len(self.leaves), values(self.rng, shape, "binary", self.dtype),
                    self.dtype, False, kind="mask")
        self.leaves.append(leaf)
        return leaf.name

    def number(self, mode="normal"):
        """A number literal (a plain double in mg, a Python float in torch)."""
        r = self.rng
        if mode == "positive":
            return num(round(r.uniform(0.3, 2.5), 3))
        if mode == "whole":
            return num(int(r.integers(-2, 4)))
        if mode == "away":
            return num(round(r.uniform(0.5, 2.0) * r.choice([-1, 1]), 3))
        return num(r.choice([0.5, -1.5, 2.0, 3.0, round(r.standard_normal(), 4)]))


def pick(rng, seq):
    return seq[int(rng.integers(len(seq)))]


def axis_arg(rng, nd):
    """An axis of an nd-dim tensor, negative half the time (0-d: 0 or -1)."""
    n = max(nd, 1)
    d = int(rng.integers(0, n))
    return d - n if rng.random() < 0.5 else d


# ---- elementwise ----------------------------------------------------------

# (mg function, torch function, value mode, method in both languages)
UNARY = [
    ("neg", "torch.neg", "normal", True), ("exp", "torch.exp", "normal", True),
    ("exp", "torch.exp", "large", True), ("log", "torch.log", "positive", True),
    ("sqrt", "torch.sqrt", "positive", True), ("abs", "torch.abs", "ties", True),
    ("sin", "torch.sin", "normal", True), ("cos", "torch.cos", "normal", True),
    ("tanh", "torch.tanh", "large", True), ("sigmoid", "torch.sigmoid", "large", True),
    ("relu", "torch.relu", "ties", True), ("gelu", "F.gelu", "normal", False),
    ("erf", "torch.erf", "normal", True), ("softplus", "F.softplus", "large", False),
    ("softplus", "F.softplus", "normal", False),
]


def gen_unary(rng, c):
    mg_f, pt_f, mode, method = pick(rng, UNARY)
    x = c.tensor(rand_shape(rng, empty_p=0.05, big_p=0.03), mode)
    if method and rng.random() < 0.4:   # x.exp(): SPEC 4's method sugar
        return Expr("%s.%s()" % (x, mg_f), "%s.%s()" % (x, pt_f.split(".")[-1]))
    return Expr("%s(%s)" % (mg_f, x), "%s(%s)" % (pt_f, x))


def gen_neg_operator(rng, c):
    x = c.tensor(rand_shape(rng), "normal")
    return Expr("-%s" % x, "-%s" % x)


def gen_leaky_relu(rng, c):
    # ties mode puts zeros in: the slope is the gradient at 0, as torch
    x = c.tensor(rand_shape(rng), "ties")
    s = num(round(rng.uniform(0.01, 0.5), 3))
    return Expr("leaky_relu(%s, %s)" % (x, s), "F.leaky_relu(%s, %s)" % (x, s))


def gen_sign(rng, c):
    # no nan: mg's sign keeps it, torch 1.13 gives 0 (docs/DECISIONS.md "sign")
    x = c.tensor(rand_shape(rng), "ties", grad=False, special=False)
    return Expr("sign(%s)" % x, "torch.sign(%s)" % x, grad=False)


def _pair(rng, c, mode_a="normal", mode_b="normal", bad_p=0.06, expand=True):
    sa = rand_shape(rng, empty_p=0.04, big_p=0.02)
    sb = broadcast_partner(rng, sa, bad_p)
    if rng.random() < 0.5:
        sa, sb = sb, sa
    return c.tensor(sa, mode_a, expand=expand), c.tensor(sb, mode_b, expand=expand)


def gen_arith(rng, c):
    """+ - * / between two tensors (broadcast), or a tensor and a number."""
    op = pick(rng, ["+", "-", "*", "/"])
    mode_b = "away" if op == "/" else "normal"
    r = rng.random()
    if r < 0.2:
        a = c.tensor(rand_shape(rng), "normal")
        b = c.number("away" if op == "/" else "normal")
    elif r < 0.3:
        a = c.number()
        b = c.tensor(rand_shape(rng), mode_b)
    else:
        a, b = _pair(rng, c, "normal", mode_b)
    e = "%s %s %s" % (a, op, b)
    return Expr(e, e)


def gen_pow(rng, c):
    """x ** p: positive bases with tensor exponents; any base with a whole
    number exponent; a number base with a tensor exponent; pow(x, p)."""
    r = rng.random()
    if r < 0.35:
        a, b = _pair(rng, c, "positive", "normal")
    elif r < 0.65:
        a, b = c.tensor(rand_shape(rng), pick(rng, ["normal", "ties"])), c.number("whole")
    elif r < 0.8:
        a, b = c.number("positive"), c.tensor(rand_shape(rng), "normal")
    else:
        a, b = c.tensor(rand_shape(rng), "positive"), c.number("normal")
    if rng.random() < 0.3 and not a[0].isdigit():
        return Expr("pow(%s, %s)" % (a, b), "torch.pow(%s, %s)" % (a, b))
    return Expr("%s ** %s" % (a, b), "%s ** %s" % (a, b))


def gen_max_min_elementwise(rng, c):
    # Continuous values only: at a == b mg gives the whole gradient to a
    # (SPEC 6.7, docs/DECISIONS.md "Ties"), torch splits it evenly.
    f = pick(rng, ["maximum", "minimum"])
    a, b = _pair(rng, c, "normal", "normal")
    return Expr("%s(%s, %s)" % (f, a, b), "torch.%s(%s, %s)" % (f, a, b))


def gen_compare(rng, c):
    op = pick(rng, ["==", "!=", "<", "<=", ">", ">="])
    if rng.random() < 0.25:
        a, b = c.tensor(rand_shape(rng), "ties", grad=False), c.number("whole")
    else:
        sa = rand_shape(rng)
        a = c.tensor(sa, "ties", grad=False)
        b = c.tensor(broadcast_partner(rng, sa, 0.05), "ties", grad=False)
    e = "%s %s %s" % (a, op, b)
    return Expr(e, e, grad=False)


def gen_where(rng, c):
    s = rand_shape(rng, empty_p=0.03)
    a = c.tensor(broadcast_partner(rng, s), "normal")
    if rng.random() < 0.15:
        b = c.number()                  # a number branch: a 0-d tensor of a's dtype
    else:
        b = c.tensor(broadcast_partner(rng, s, 0.05), "normal")
    if rng.random() < 0.5:
        m = c.mask(s)
        return Expr("where(%s, %s, %s)" % (m, a, b), "torch.where(%s != 0, %s, %s)" % (m, a, b))
    k = c.tensor(s, "ties", grad=False, operand=False)
    return Expr("where(%s > 0, %s, %s)" % (k, a, b), "torch.where(%s > 0, %s, %s)" % (k, a, b))


def gen_clamp(rng, c):
    # ties mode puts values on the bounds: gradient passes at lo and hi (SPEC 6.7, torch)
    s = rand_shape(rng)
    x = c.tensor(s, "ties")
    lo, hi = sorted(rng.integers(-4, 5, 2) * 0.5)
    form = rng.integers(4)
    if form == 3:
        # a tensor bound (broadcast, with a gradient of its own) below hi:
        # where lo >= hi the bounds tie, torch gives the gradient to hi and
        # mg's minimum(maximum(x, lo), hi) to its left operand (docs/DECISIONS.md "Ties")
        lo_t = c.tensor(broadcast_partner(rng, s), "ties", dtype=c.leaves[0].dtype)
        return Expr("clamp(%s, %s, 2.5)" % (x, lo_t), "torch.clamp(%s, %s, torch.tensor(2.5))" % (x, lo_t))
    if form == 0:
        return Expr("clamp(%s, %s, %s)" % (x, num(lo), num(hi)),
                    "torch.clamp(%s, %s, %s)" % (x, num(lo), num(hi)))
    if form == 1:
        return Expr("clamp(%s, %s)" % (x, num(lo)), "torch.clamp(%s, min=%s)" % (x, num(lo)))
    return Expr("clamp(%s, hi=%s)" % (x, num(hi)), "torch.clamp(%s, max=%s)" % (x, num(hi)))


# ---- reductions -----------------------------------------------------------

def _reduce_call(rng, f, x, nd, ax, extra_mg="", extra_pt=""):
    """mg and torch text of f over all elements (ax None) or along axis ax,
    with or without keepdim. torch has no keepdim for a reduction over
    everything: its result is reshaped to [1] * nd, which is what mg gives."""
    keep = rng.random() < 0.35
    if ax is None:
        mg = "%s(%s%s%s)" % (f, x, ", keepdim=true" if keep else "", extra_mg)
        pt = "torch.%s(%s%s)" % (f, x, extra_pt)
        if f == "logsumexp":
            pt = "torch.logsumexp(%s.reshape(-1), 0)" % x
        if keep:
            pt += ".reshape(%s)" % ([1] * nd)
        return mg, pt
    if keep:
        mg = "%s(%s, axis=%d, keepdim=true%s)" % (f, x, ax, extra_mg)
    elif rng.random() < 0.3 and not extra_mg:
        mg = "%s.%s(%d)" % (x, f, ax)              # method sugar: x.sum(0)
    else:
        mg = "%s(%s, %d%s)" % (f, x, ax, extra_mg)
    pt = "torch.%s(%s, %d%s, keepdim=%s)" % (f, x, ax, extra_pt, keep)
    if f in ("max", "min"):
        pt += ".values"
    return mg, pt


def reduce_axis(rng, shape):
    """None (over all elements, a third of the time) or an axis of shape."""
    return None if rng.random() < 0.35 else axis_arg(rng, len(shape))


def reduced_count(shape, ax):
    """How many elements each output element of the reduction combines."""
    if ax is None:
        return int(np.prod(shape))
    return shape[ax] if shape else 1


def gen_sum_mean(rng, c):
    f = pick(rng, ["sum", "mean"])
    s = rand_shape(rng, max_size=6, empty_p=0.08, big_p=0.04)
    x = c.tensor(s, "normal")
    mg, pt = _reduce_call(rng, f, x, len(s), reduce_axis(rng, s))
    return Expr(mg, pt, loose=max(1.0, np.sqrt(np.prod(s)) / 4))   # rounding grows with the count


def gen_max_min(rng, c):
    # Along an axis ties are allowed (mg and torch both pick the first
    # index); over all elements they are not: torch splits the gradient
    # between equal maxima, mg gives it to the first (docs/DECISIONS.md
    # "Ties"), so that form gets continuous values and no stride-0 views.
    # Empty reductions are torch errors, which mg must reproduce.
    f = pick(rng, ["max", "min"])
    s = rand_shape(rng, empty_p=0.04, big_p=0.04)
    ax = reduce_axis(rng, s)
    x = c.tensor(s, "normal" if ax is None else "ties", expand=ax is not None)
    mg, pt = _reduce_call(rng, f, x, len(s), ax)
    return Expr(mg, pt)


def gen_var(rng, c):
    s = rand_shape(rng, max_size=5, empty_p=0.03)
    ax = reduce_axis(rng, s)
    if ax is None and 0 in s:
        ax = axis_arg(rng, len(s))      # torch 1.13's backward fails on var of all of an empty tensor
    x = c.tensor(s, "normal")
    # unbiased over one element is 0/0 = nan in both; its gradient is nan in
    # mg and inf in torch 1.13 (docs/DECISIONS.md "`var` with `unbiased=true`")
    unb = rng.random() < 0.6 and reduced_count(s, ax) != 1
    mg, pt = _reduce_call(rng, "var", x, len(s), ax,
                          "" if unb else ", unbiased=false", ", unbiased=%s" % unb)
    return Expr(mg, pt, loose=max(1.0, np.sqrt(np.prod(s)) / 2))


def gen_logsumexp(rng, c):
    s = rand_shape(rng, max_size=5, empty_p=0.03, big_p=0.03)
    x = c.tensor(s, pick(rng, ["normal", "large"]))
    mg, pt = _reduce_call(rng, "logsumexp", x, len(s), reduce_axis(rng, s))
    return Expr(mg, pt)


def gen_arg_reduce(rng, c):
    # ties: both return the first index of the extreme value
    f = pick(rng, ["argmax", "argmin"])
    s = rand_shape(rng, min_nd=1)
    x = c.tensor(s, "ties", grad=False)
    if rng.random() < 0.4:
        return Expr("%s(%s)" % (f, x), "torch.%s(%s)" % (f, x), grad=False)
    ax = axis_arg(rng, len(s))
    return Expr("%s(%s, %d)" % (f, x, ax), "torch.%s(%s, %d)" % (f, x, ax), grad=False)


def gen_any_all(rng, c):
    f = pick(rng, ["any", "all"])
    x = c.tensor(rand_shape(rng, empty_p=0.1), pick(rng, ["ties", "binary"]), grad=False)
    return Expr("%s(%s)" % (f, x), "torch.%s(%s != 0)" % (f, x), grad=False)


def gen_norm(rng, c):
    # binary mode can give the zero vector: gradient 0 there, as torch; its
    # second derivative is 0 in mg and nan in torch (docs/DECISIONS.md
    # "norm"), so that mode gets no second-order check
    mode = pick(rng, ["normal", "binary"])
    x = c.tensor(rand_shape(rng, empty_p=0.03), mode)
    return Expr("norm(%s)" % x, "torch.linalg.vector_norm(%s)" % x, second=mode == "normal")


def gen_softmax(rng, c):
    f = pick(rng, ["softmax", "log_softmax"])
    s = rand_shape(rng, empty_p=0.03, big_p=0.04)
    x = c.tensor(s, pick(rng, ["normal", "large"]))
    if rng.random() < 0.3:
        return Expr("%s(%s)" % (f, x), "torch.%s(%s, -1)" % (f, x))
    ax = axis_arg(rng, len(s))
    return Expr("%s(%s, %d)" % (f, x, ax), "torch.%s(%s, %d)" % (f, x, ax))


# ---- linear algebra -------------------------------------------------------

def gen_matmul(rng, c):
    """1-D and 2-D operands, and batches that broadcast (torch.matmul)."""
    n, k, m = (int(v) for v in rng.integers(1, 5, 3))
    kind = pick(rng, ["11", "12", "21", "22", "22", "bb", "b1", "1b", "b2", "2b"])
    batch = rand_shape(rng, 1, 2, 3)
    sa = {"1": [k], "2": [n, k], "b": batch + [n, k]}[kind[0]]
    sb = {"1": [k], "2": [k, m], "b": broadcast_partner(rng, batch) + [k, m]}[kind[1]]
    if rng.random() < 0.06:
        sb[-1 if kind[1] == "1" else -2] += 1          # inner sizes differ: an error
    a, b = c.tensor(sa), c.tensor(sb)
    mg = "%s @ %s" % (a, b) if rng.random() < 0.5 else "matmul(%s, %s)" % (a, b)
    return Expr(mg, "torch.matmul(%s, %s)" % (a, b), loose=k / 2)


def gen_dot_outer(rng, c):
    n = int(rng.integers(1, 6))
    if rng.random() < 0.5:
        a, b = c.tensor([n]), c.tensor([n])
        return Expr("dot(%s, %s)" % (a, b), "torch.dot(%s, %s)" % (a, b))
    a, b = c.tensor([n]), c.tensor([int(rng.integers(1, 5))])
    return Expr("outer(%s, %s)" % (a, b), "torch.outer(%s, %s)" % (a, b))


def gen_linear(rng, c):
    """linear(x, W, b) is x @ W + b in mg (W is [in, out], not torch's [out, in])."""
    i, o = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    x = c.tensor(pick(rng, [[i], [3, i], [2, 2, i]]))
    W = c.tensor([i, o])
    if rng.random() < 0.3:
        return Expr("linear(%s, %s)" % (x, W), "torch.matmul(%s, %s)" % (x, W))
    b = c.tensor([o])
    return Expr("linear(%s, %s, %s)" % (x, W, b), "torch.matmul(%s, %s) + %s" % (x, W, b))


# ---- shape ----------------------------------------------------------------

def _factor_shape(rng, n):
    """A random shape with n elements, maybe with one -1."""
    dims, left = [], n
    for p in (2, 3, 2, 5):
        if left % p == 0 and rng.random() < 0.5:
            dims.append(p)
            left //= p
    dims.append(left)
    order = [int(v) for v in rng.permutation(len(dims))]
    dims = [dims[i] for i in order]
    if rng.random() < 0.3:
        dims.insert(int(rng.integers(len(dims) + 1)), 1)
    if rng.random() < 0.4 and n:
        dims[int(rng.integers(len(dims)))] = -1
    return dims


def gen_reshape(rng, c):
    s = rand_shape(rng, empty_p=0.03)
    x = c.tensor(s)
    n = int(np.prod(s))
    target = _factor_shape(rng, n) if rng.random() < 0.95 else [n + 1]
    if n == 1 and rng.random() < 0.3:
        target = []
    return Expr("reshape(%s, %s)" % (x, target), "%s.reshape(%s)" % (x, target))


def gen_transpose_permute(rng, c):
    s = rand_shape(rng, 1)
    x = c.tensor(s)
    nd = len(s)
    r = rng.random()
    if r < 0.4:
        a, b = axis_arg(rng, nd), axis_arg(rng, nd)
        if rng.random() < 0.05:
            b = nd + 1                                  # out of range: an error
        return Expr("transpose(%s, %d, %d)" % (x, a, b), "%s.transpose(%d, %d)" % (x, a, b))
    if r < 0.8:
        perm = [int(v) for v in rng.permutation(nd)]
        return Expr("permute(%s, %s)" % (x, perm), "%s.permute(%s)" % (x, perm))
    if nd == 2:
        return Expr("%s.T" % x, "%s.T" % x)
    return Expr("flatten(%s)" % x, "torch.flatten(%s)" % x)


def gen_squeeze_unsqueeze(rng, c):
    s = rand_shape(rng, max_size=2)
    x = c.tensor(s)
    nd = len(s)
    r = rng.random()
    if r < 0.3:
        return Expr("squeeze(%s)" % x, "torch.squeeze(%s)" % x)
    if r < 0.6 and nd:
        ax = axis_arg(rng, nd)
        return Expr("squeeze(%s, %d)" % (x, ax), "torch.squeeze(%s, %d)" % (x, ax))
    ax = int(rng.integers(-nd - 1, nd + 1))
    return Expr("unsqueeze(%s, %d)" % (x, ax), "torch.unsqueeze(%s, %d)" % (x, ax))


def gen_expand(rng, c):
    target = rand_shape(rng, 1)
    parent = broadcast_partner(rng, target)
    if rng.random() < 0.05:
        parent, target = target, parent                 # usually not expandable: an error
    x = c.tensor(parent)
    return Expr("expand(%s, %s)" % (x, target), "%s.expand(%s)" % (x, target))


def gen_contiguous(rng, c):
    x = c.tensor(rand_shape(rng, 1))
    return Expr("contiguous(%s)" % x, "%s.contiguous()" % x)


def index_text(rng, shape, bad_p=0.05):
    """An index of a tensor of `shape`: integers (negative too) and slices
    (steps, negative and clamped bounds); fewer entries than dimensions."""
    entries = []
    for n in shape:
        if rng.random() < 0.3 and n:
            entries.append(str(int(rng.integers(-n, n))))
        else:
            a = pick(rng, ["", str(int(rng.integers(0, n + 1))), str(-int(rng.integers(1, n + 2)))])
            b = pick(rng, ["", str(int(rng.integers(0, n + 3))), str(-int(rng.integers(1, n + 1)))])
            st = pick(rng, ["", "", ":2", ":3"])
            entries.append(a + ":" + b + st)
    while len(entries) > 1 and rng.random() < 0.3:
        entries.pop()
    if rng.random() < bad_p and shape:
        entries[0] = str(shape[0] + int(rng.integers(0, 2)))    # out of range: an error
    return ", ".join(entries)


def gen_index(rng, c):
    s = rand_shape(rng, 1, max_size=5)
    x = c.tensor(s)
    idx = index_text(rng, s)
    return Expr("%s[%s]" % (x, idx), "%s[%s]" % (x, idx))


def _region_shape(shape, idx):
    """The shape x[idx] has (NumPy's basic indexing is Python's and torch's)."""
    try:
        return list(np.empty(shape)[eval("np.s_[%s]" % idx)].shape)
    except IndexError:
        return None


def gen_setitem(rng, c):
    """y[idx] = v on a non-leaf y (recorded in the graph, SPEC 6.5):
    gradients reach the old values outside the region and v."""
    s = rand_shape(rng, 1, max_size=4)
    x = c.tensor(s, dtype=c.dtype)
    idx = index_text(rng, s, bad_p=0.0)
    region = _region_shape(s, idx)
    if rng.random() < 0.25 or region is None:
        v = c.number()
    else:
        v = c.tensor(broadcast_partner(rng, region), dtype=c.dtype)
    c.stmts.append(("let y = %s * 1.0" % x, "y = %s * 1.0" % x))
    c.stmts.append(("y[%s] = %s" % (idx, v), "y[%s] = %s" % (idx, v)))
    return Expr("y", "y")


def gen_inplace(rng, c):
    """y op= v on a non-leaf y: recorded like the op (SPEC 6.5). v has y's
    dtype: an in-place update keeps y's dtype in both languages."""
    op = pick(rng, ["+=", "-=", "*=", "/="])
    s = rand_shape(rng)
    x = c.tensor(s, dtype=c.dtype)
    if rng.random() < 0.3:
        v = c.number("away")
    else:
        v = c.tensor(broadcast_partner(rng, s), "away" if op == "/=" else "normal", dtype=c.dtype)
    c.stmts.append(("let y = %s * 1.0" % x, "y = %s * 1.0" % x))
    c.stmts.append(("y %s %s" % (op, v), "y %s %s" % (op, v)))
    return Expr("y", "y")


def gen_cat_stack(rng, c):
    f = pick(rng, ["cat", "stack"])
    s = rand_shape(rng, 1 if f == "cat" else 0, 3, 3)
    nd = len(s)
    ax = axis_arg(rng, nd + (f == "stack"))
    xs = []
    for _ in range(int(rng.integers(1, 4))):
        t = list(s)
        if f == "cat":
            t[ax] = int(rng.integers(0, 4))
        if rng.random() < 0.05 and t:
            t[int(rng.integers(len(t)))] += 1              # a size differs: an error (maybe)
        xs.append(c.tensor(t))
    lst = "[" + ", ".join(xs) + "]"
    if rng.random() < 0.3 and ax == 0:
        return Expr("%s(%s)" % (f, lst), "torch.%s(%s)" % (f, lst))
    return Expr("%s(%s, %d)" % (f, lst, ax), "torch.%s(%s, %d)" % (f, lst, ax))


# ---- nn -------------------------------------------------------------------

def gen_mse(rng, c):
    # same shapes only: mg refuses [4, 1] against [4], torch broadcasts
    # (docs/DECISIONS.md "mse_loss, bce_loss and bce_with_logits ...")
    s = rand_shape(rng, empty_p=0.0)
    a, b = c.tensor(s), c.tensor(s)
    return Expr("mse_loss(%s, %s)" % (a, b), "F.mse_loss(%s, %s)" % (a, b))


def gen_bce(rng, c):
    # the target gets no gradient: torch has no derivative for it
    s = rand_shape(rng)
    p = c.tensor(s, "unit")
    y = c.tensor(s, pick(rng, ["unit", "binary"]), grad=False)
    return Expr("bce_loss(%s, %s)" % (p, y), "F.binary_cross_entropy(%s, %s)" % (p, y))


def gen_bce_logits(rng, c):
    # finite logits only: for z = +-inf torch itself gives nan in 4 of 6
    # cases (and inf in the others); SPEC 6.7 asks for +-1000, the large mode
    s = rand_shape(rng)
    z = c.tensor(s, pick(rng, ["normal", "large"]), special=False)
    y = c.tensor(s, pick(rng, ["unit", "binary"]))
    return Expr("bce_with_logits(%s, %s)" % (z, y), "F.binary_cross_entropy_with_logits(%s, %s)" % (z, y))


def gen_cross_entropy(rng, c):
    n, k = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    cls = c.classes([n], k)
    if rng.random() < 0.5:
        x = c.tensor([n, k], pick(rng, ["normal", "large"]))
        return Expr("cross_entropy(%s, %s)" % (x, cls), "F.cross_entropy(%s, %s)" % (x, cls))
    x = c.tensor([n, k])
    return Expr("nll_loss(log_softmax(%s, 1), %s)" % (x, cls),
                "F.nll_loss(torch.log_softmax(%s, 1), %s)" % (x, cls))


def gen_conv2d(rng, c):
    n, ci, co = (int(v) for v in rng.integers(1, 3, 3))
    h, w = (int(v) for v in rng.integers(1, 7, 2))
    kh, kw = (int(v) for v in rng.integers(1, 4, 2))
    stride, pad = int(rng.integers(1, 4)), int(rng.integers(0, 3))
    x, k = c.tensor([n, ci, h, w]), c.tensor([co, ci, kh, kw])
    b = c.tensor([co]) if rng.random() < 0.6 else "none"
    pt_b = "None" if b == "none" else b
    # .contiguous(): torch 1.13's slow_conv2d backward fails on some strided
    # weights ("grad_weight must be contiguous"); the values are the same
    return Expr("conv2d(%s, %s, %s, %d, %d)" % (x, k, b, stride, pad),
                "F.conv2d(%s, %s.contiguous(), %s, %d, %d)" % (x, k, pt_b, stride, pad),
                loose=ci * kh * kw / 4)


def gen_max_pool(rng, c):
    # ties: both take the first maximum of a window
    k = int(rng.integers(1, 4))
    s = [int(rng.integers(1, 3)), int(rng.integers(1, 3)), int(rng.integers(1, 8)), int(rng.integers(1, 8))]
    x = c.tensor(s, pick(rng, ["normal", "ties"]))
    return Expr("max_pool2d(%s, %d)" % (x, k), "F.max_pool2d(%s, %d)" % (x, k))


def gen_layer_norm(rng, c):
    # No stride-0 views: a constant row has variance 0, and its gradient is
    # rounding noise times 1/sqrt(eps) (~300), not a comparable number. The
    # gradient divides by the row's std, so a row of close values (two
    # normal draws 0.06 apart) loses digits: in f32 torch and mg were both
    # 3e-5 off float64 there, hence the wider tolerance.
    s = rand_shape(rng, 1, max_size=5)
    x = c.tensor(s, expand=False)
    if rng.random() < 0.5:
        return Expr("layer_norm(%s)" % x, "F.layer_norm(%s, %s.shape[-1:])" % (x, x), loose=20)
    eps = pick(rng, ["0.1", "1e-3"])
    return Expr("layer_norm(%s, %s)" % (x, eps), "F.layer_norm(%s, %s.shape[-1:], eps=%s)" % (x, x, eps),
                loose=20)


def gen_one_hot(rng, c):
    n = int(rng.integers(1, 5))
    cls = c.classes(rand_shape(rng, 0, 2, 4), n)
    return Expr("one_hot(%s, %d)" % (cls, n), "F.one_hot(%s, %d)" % (cls, n), grad=False)


def gen_dropout_off(rng, c):
    """dropout is random; with train=false or p = 0 it is the identity."""
    x = c.tensor(rand_shape(rng))
    if rng.random() < 0.5:
        return Expr("dropout(%s, 0.3, train=false)" % x, "F.dropout(%s, 0.3, training=False)" % x)
    return Expr("dropout(%s, 0)" % x, "F.dropout(%s, 0.0)" % x)


# ---- create, convert, detach ------------------------------------------------

def gen_create(rng, c):
    """Constructors with computed values: arange's count with a fractional
    step, linspace's end points, eye, full."""
    dt = c.dtype
    r = rng.random()
    if r < 0.4:
        a = round(float(rng.uniform(-3, 3)), 2)
        st = pick(rng, [0.1, 0.3, -0.25, 0.7, 1.0, -1.0, 0.05])
        b = round(a + st * float(rng.uniform(0, 30)), 2)
        args = "%s, %s, %s" % (num(a), num(b), num(st))
        return Expr("arange(%s, %s)" % (args, dt), "torch.arange(%s, dtype=%s)" % (args, PT_DTYPE[dt]),
                    grad=False)
    if r < 0.7:
        a, b = (round(float(v), 3) for v in rng.uniform(-5, 5, 2))
        n = int(rng.integers(0, 12))
        return Expr("linspace(%s, %s, %d, %s)" % (num(a), num(b), n, dt),
                    "torch.linspace(%s, %s, %d, dtype=%s)" % (num(a), num(b), n, PT_DTYPE[dt]), grad=False)
    if r < 0.85:
        n = int(rng.integers(0, 5))
        return Expr("eye(%d, %s)" % (n, dt), "torch.eye(%d, dtype=%s)" % (n, PT_DTYPE[dt]), grad=False)
    s = rand_shape(rng)
    v = c.number()
    return Expr("full(%s, %s, %s)" % (s, v, dt), "torch.full(%s, %s, dtype=%s)" % (s, v, PT_DTYPE[dt]),
                grad=False)


def gen_to_detach(rng, c):
    """to(x, dtype) (its gradient converts back) and detach (stops it)."""
    x = c.tensor(rand_shape(rng))
    r = rng.random()
    if r < 0.5:
        to = pick(rng, ["f32", "f64"])
        return Expr("to(%s, %s)" % (x, to), "%s.to(%s)" % (x, PT_DTYPE[to]), f32_inside=to == "f32")
    return Expr("%s * detach(%s)" % (x, x), "%s * %s.detach()" % (x, x))


def gen_optimizer(rng, c):
    """A few steps of sgd or adam on sum(p * p * k + sin(p)); out = p after.
    Each step: zero_grad, backward, step, as in the lessons."""
    s = rand_shape(rng, 0, 2, 3)
    p = c.tensor(s, views=False, special=False)
    k = c.tensor(s, "positive", grad=False, views=False, special=False, dtype=c.leaves[-1].dtype)
    steps = int(rng.integers(1, 4))
    lr = pick(rng, ["0.1", "0.01", "0.5"])
    if rng.random() < 0.5:
        mom, wd = pick(rng, ["0", "0.9"]), pick(rng, ["0", "0.01"])
        mg_opt = "sgd([%s], %s, momentum=%s, weight_decay=%s)" % (p, lr, mom, wd)
        pt_opt = "torch.optim.SGD([%s], %s, momentum=%s, weight_decay=%s)" % (p, lr, mom, wd)
    else:
        b1, b2, eps = pick(rng, ["0.9", "0.5"]), pick(rng, ["0.999", "0.9"]), pick(rng, ["1e-8", "0.1"])
        mg_opt = "adam([%s], %s, %s, %s, %s)" % (p, lr, b1, b2, eps)
        pt_opt = "torch.optim.Adam([%s], %s, betas=(%s, %s), eps=%s)" % (p, lr, b1, b2, eps)
    c.stmts.append(("let opt = " + mg_opt, "opt = " + pt_opt))
    mg_loss = "sum(%s * %s * %s + sin(%s))" % (p, p, k, p)
    pt_loss = "torch.sum(%s * %s * %s + torch.sin(%s))" % (p, p, k, p)
    c.stmts.append(("for i in range(%d) { opt.zero_grad(); backward(%s); opt.step() }" % (steps, mg_loss),
                    "for i in range(%d): opt.zero_grad(); %s.backward(); opt.step()" % (steps, pt_loss)))
    return Expr("detach(%s)" % p, "%s.detach()" % p, grad=False, loose=4)


# ---- chains ---------------------------------------------------------------

# shape-agnostic second ops for a chain: (mg, torch) with {} for the first result
OUTER = [
    ("tanh({})", "torch.tanh({})"), ("{0} * {0}", "{0} * {0}"),
    ("sum({0} * {0})", "torch.sum({0} * {0})"), ("softmax({})", "torch.softmax({}, -1)"),
    ("exp(-{0} * {0})", "torch.exp(-{0} * {0})"), ("flatten({})", "torch.flatten({})"),
    ("contiguous(transpose({}, 0, -1))", "{}.transpose(0, -1).contiguous()"),
    ("mean({}, -1, true)", "torch.mean({}, -1, keepdim=True)"),
    ("logsumexp({}, 0)", "torch.logsumexp({}, 0)"),
]


def gen_chain(rng, c):
    """A second op on the result of a first: the gradient passes two rules
    and a non-leaf intermediate (used twice by `t * t`: accumulation)."""
    inner = pick(rng, [g for name, _, g in OPS if name not in NOT_CHAINED])
    e = inner(rng, c)
    c.stmts.append(("let t = " + e.mg, "t = " + e.pt))
    mg_t, pt_t = pick(rng, OUTER)
    return Expr(mg_t.format("t"), pt_t.format("t"), grad=e.grad, loose=e.loose * 2, second=e.second,
                f32_inside=e.f32_inside)


# ops whose results a chain does not use: results without a gradient (in
# torch a bool or int64, which mg has no dtype for), chains and graphs themselves
NOT_CHAINED = ("chain", "graph", "compare", "argmax_argmin", "any_all", "one_hot", "sign", "create",
               "optimizer")

# (name, weight, generator): the weight is how often a case picks it
OPS = [
    ("unary", 8, gen_unary), ("neg_operator", 1, gen_neg_operator),
    ("leaky_relu", 1, gen_leaky_relu), ("sign", 1, gen_sign),
    ("arith", 8, gen_arith), ("pow", 3, gen_pow), ("maximum_minimum", 2, gen_max_min_elementwise),
    ("compare", 2, gen_compare), ("where", 2, gen_where), ("clamp", 2, gen_clamp),
    ("sum_mean", 4, gen_sum_mean), ("max_min", 3, gen_max_min), ("var", 2, gen_var),
    ("logsumexp", 2, gen_logsumexp), ("argmax_argmin", 1, gen_arg_reduce),
    ("any_all", 1, gen_any_all), ("norm", 1, gen_norm), ("softmax", 3, gen_softmax),
    ("matmul", 5, gen_matmul), ("dot_outer", 1, gen_dot_outer), ("linear", 1, gen_linear),
    ("reshape", 2, gen_reshape), ("transpose_permute", 2, gen_transpose_permute),
    ("squeeze_unsqueeze", 1, gen_squeeze_unsqueeze), ("expand", 2, gen_expand),
    ("contiguous", 1, gen_contiguous), ("index", 3, gen_index), ("setitem", 2, gen_setitem),
    ("inplace", 2, gen_inplace), ("cat_stack", 3, gen_cat_stack),
    ("mse_loss", 1, gen_mse), ("bce_loss", 1, gen_bce), ("bce_with_logits", 1, gen_bce_logits),
    ("cross_entropy", 2, gen_cross_entropy), ("conv2d", 2, gen_conv2d),
    ("max_pool2d", 1, gen_max_pool), ("layer_norm", 1, gen_layer_norm),
    ("one_hot", 1, gen_one_hot), ("dropout", 1, gen_dropout_off), ("chain", 6, gen_chain),
    ("create", 2, gen_create), ("to_detach", 1, gen_to_detach), ("optimizer", 2, gen_optimizer),
    ("graph", 10, gen_graph),      # random graphs of 3 to 8 steps: torch_diff_graphs.py
]
