"""torch_diff_inputs.py - the tensors of a torch_diff case: values, shapes, views.

Every tensor of a case is a leaf written as a literal in both languages, so
that a printed reproducer needs no files. A leaf may be seen through a chain
of views (transpose, permute, `.T`, slicing with steps, negative bounds and
integer indexes, expand) so that the kernels and the gradient rules meet
strided, offset and stride-0 inputs, not only contiguous ones. The leaf is
what requires grad: gradients are compared with respect to it, which also
checks each view's own backward.

The view chain is built outside in: the op wants a tensor of shape S; the
outermost view says which parent shape P gives S; the next view is chosen for
P, and so on; the leaf has the innermost parent's shape. Each view is a pair
of templates (mg, torch) with `{}` for the inner expression.
"""
import numpy as np

F32, F64 = "f32", "f64"
NP_DTYPE = {F32: np.float32, F64: np.float64}
PT_DTYPE = {F32: "torch.float32", F64: "torch.float64"}


# ---- literals -----------------------------------------------------------

def num(v):
    """A float as both languages read it back exactly: repr of the double.
    An f32 value widened to a double prints in full, so mg's conversion back
    to f32 gives the same bits. nan and inf print as such: the torch program
    imports them from math."""
    return repr(float(v))


def mg_num(v):
    """num(v) for mg, which has no nan or inf literal: 0/0, 1/0, -1/0."""
    v = float(v)
    if v != v:
        return "0/0"
    if v in (float("inf"), float("-inf")):
        return "1/0" if v > 0 else "-1/0"
    return repr(v)


def nested(a, fmt):
    """Nested list text of array a (not 0-d), each element through fmt."""
    if a.ndim == 1:
        return "[" + ", ".join(fmt(v) for v in a) + "]"
    return "[" + ", ".join(nested(s, fmt) for s in a) + "]"


class Leaf:
    """A tensor literal. kind "float": values of dtype, requires grad when
    grad; "classes": whole numbers (an f32 tensor in mg, int64 in torch);
    "mask": 0/1 values used as a condition (never promoted, no grad)."""

    def __init__(self, name, values, dtype, grad, kind="float"):
        self.name, self.values, self.dtype, self.grad, self.kind = name, values, dtype, grad, kind

    def literal(self, fmt):
        """The values as a (nested) list literal, floats written by fmt
        (mg's or Python's spelling); class labels as whole numbers."""
        v = self.values
        if self.kind == "classes":
            fmt = lambda e: str(int(e))  # noqa: E731
        return fmt(v) if v.ndim == 0 else nested(v, fmt)

    def mg(self):
        v = self.values
        opts = "" if self.kind == "classes" else ", " + self.dtype
        opts += ", grad" if self.grad else ""
        if v.size == 0:
            return "zeros(%s%s)" % (list(v.shape), opts)
        return "tensor(%s%s)" % (self.literal(mg_num), opts)

    def pt(self):
        v = self.values
        if self.kind == "classes":
            opts = "dtype=torch.long"
        else:
            opts = "dtype=" + PT_DTYPE[self.dtype] + (", requires_grad=True" if self.grad else "")
        if v.size == 0:
            return "torch.zeros(%s, %s)" % (list(v.shape), opts)
        return "torch.tensor(%s, %s)" % (self.literal(num), opts)

    def torch_value(self, torch, upcast=False):
        """The leaf as a torch tensor (upcast: every float leaf as f64, for
        the float64 reference run)."""
        if self.kind == "classes":
            return torch.tensor(self.values.astype(np.int64))
        dt = torch.float64 if upcast or self.dtype == F64 else torch.float32
        t = torch.tensor(np.array(self.values), dtype=dt)
        return t.requires_grad_(True) if self.grad else t


# ---- values -------------------------------------------------------------

def values(rng, shape, mode, dtype):
    """Random values of shape for a domain mode:
    normal    N(0, 1)
    ties      multiples of 0.5 in [-2, 2], 0 included: equal elements and
              zeros reach the non-smooth points of SPEC 6.7 (relu, abs,
              clamp bounds, first-index max along an axis)
    positive  [0.2, 3]: log, sqrt, bases of fractional powers
    away      |v| in [0.4, 2], either sign: divisors
    unit      [0.05, 0.95]: probabilities (bce_loss)
    binary    0 or 1: targets, masks
    large     N(0, 1) with about a third replaced by +-1000 or +-30:
              numerical stability (SPEC 6.7: sigmoid, softmax, ...)
    special   N(0, 1) with about a fifth replaced by nan, inf or -inf:
              what propagates where (torch's rules, SPEC being silent)
    """
    shape = tuple(shape)
    if mode == "normal":
        v = rng.standard_normal(shape)
    elif mode == "ties":
        v = rng.integers(-4, 5, shape) * 0.5
    elif mode == "positive":
        v = rng.uniform(0.2, 3.0, shape)
    elif mode == "away":
        v = rng.uniform(0.4, 2.0, shape) * rng.choice([-1.0, 1.0], shape)
    elif mode == "unit":
        v = rng.uniform(0.05, 0.95, shape)
    elif mode == "binary":
        v = rng.integers(0, 2, shape).astype(np.float64)
    elif mode == "large":
        v = rng.standard_normal(shape)
        big = rng.choice([-1000.0, 1000.0, -30.0, 30.0], shape)
        v = np.where(rng.random(shape) < 0.35, big, v)
    elif mode == "special":
        v = rng.standard_normal(shape)
        odd = rng.choice([np.nan, np.inf, -np.inf], shape)
        v = np.where(rng.random(shape) < 0.2, odd, v)
    else:
        raise ValueError("unknown value mode " + mode)
    return np.asarray(v, dtype=NP_DTYPE[dtype])


# ---- shapes -------------------------------------------------------------

# The CPU kernels split work between threads above 2^16 elements
# (src/cpu/cpu.h CPU_PAR_MIN) and run SIMD loops with scalar tails over
# contiguous rows: "wide" and "big" shapes reach both.
PAR_MIN = 1 << 16


def big_shape(rng):
    """A shape with a little more than PAR_MIN elements, 1 to 3 dims."""
    nd = int(rng.integers(1, 4))
    if nd == 1:
        return [PAR_MIN + int(rng.integers(1, 30000))]
    rows = int(rng.integers(2, 300)) if nd == 2 else int(rng.integers(2, 40))
    cols = PAR_MIN // rows + int(rng.integers(1, 200))
    return [rows, cols] if nd == 2 else [2, rows, cols // 2 + 1]


def rand_shape(rng, min_nd=0, max_nd=4, max_size=4, empty_p=0.0, wide_p=0.12, big_p=0.0):
    """A random shape; size-1 dimensions are common (broadcasting corners),
    a 0 appears with probability empty_p; with wide_p one dimension has 5 to
    40 elements (SIMD loops and their tails), with big_p the shape is big
    (threads)."""
    if rng.random() < big_p:
        return big_shape(rng)
    nd = int(rng.integers(min_nd, max_nd + 1))
    shape = [int(rng.integers(1, max_size + 1)) for _ in range(nd)]
    if nd and max_size >= 4 and rng.random() < wide_p:
        shape[int(rng.integers(nd))] = int(rng.integers(5, 41))
    if nd and rng.random() < empty_p:
        shape[int(rng.integers(nd))] = 0
    return shape


def broadcast_partner(rng, shape, bad_p=0.0):
    """A shape that broadcasts with `shape` (NumPy rules): some leading
    dimensions dropped or added, some sizes replaced by 1. With probability
    bad_p one size is changed so that the pair cannot broadcast (both
    languages must refuse it)."""
    s = list(shape)
    drop = int(rng.integers(0, len(s) + 1)) if rng.random() < 0.4 else 0
    s = s[drop:]
    s = [1 if rng.random() < 0.3 else d for d in s]
    if rng.random() < 0.15 and len(s) < 4:
        s = [int(rng.integers(1, 4))] + s if len(s) >= len(shape) else s
    if rng.random() < bad_p:
        cands = [i for i, d in enumerate(s) if d != 1]
        if cands:
            i = cands[int(rng.integers(len(cands)))]
            s[i] += 1
    return s


# ---- views --------------------------------------------------------------

def _axis(rng, d, nd):
    """Axis d written as itself or as its negative alias."""
    return d - nd if rng.random() < 0.4 else d


def _slice_text(rng, n):
    """(base length L, text) of a slice that selects n elements of a
    dimension of length L: steps 1-3, start and stop positive, negative,
    omitted or past the end (clamped, as in Python and torch)."""
    for _ in range(50):
        step = int(rng.choice([1, 1, 2, 3]))
        start = int(rng.integers(0, 3))
        L = start + (max(n - 1, 0) * step + 1 if n else 0) + int(rng.integers(0, 3))
        if L == 0:
            L = 1
        stop = start + (n - 1) * step + 1 if n else start
        start_t = rng.choice(["pos", "neg", "omit"]) if start == 0 else rng.choice(["pos", "neg"])
        stop_t = rng.choice(["pos", "neg", "omit", "past"])
        a = "" if start_t == "omit" else str(start if start_t == "pos" or start >= L else start - L)
        b = {"pos": str(stop), "neg": str(stop - L), "omit": "", "past": str(L + 3)}[stop_t]
        txt = a + ":" + b + ("" if step == 1 else ":" + str(step))
        sl = slice(int(a) if a else None, int(b) if b else None, step)
        if len(range(L)[sl]) == n:
            return L, txt
    return n, ":"


def _view_transpose(rng, s):
    nd = len(s)
    d0, d1 = (int(v) for v in rng.choice(nd, 2, replace=False))
    p = list(s)
    p[d0], p[d1] = s[d1], s[d0]
    a, b = _axis(rng, d0, nd), _axis(rng, d1, nd)
    return p, "transpose({}, %d, %d)" % (a, b), "{}.transpose(%d, %d)" % (a, b)


def _view_T(rng, s):
    return [s[1], s[0]], "{}.T", "{}.T"


def _view_permute(rng, s):
    perm = [int(v) for v in rng.permutation(len(s))]
    p = [0] * len(s)
    for i, d in enumerate(perm):
        p[d] = s[i]          # view dim i is parent dim perm[i]
    return p, "permute({}, %s)" % perm, "{}.permute(%s)" % perm


def _view_index(rng, s):
    """Slices on some dims, an integer index inserted here and there (it
    drops a dimension of the parent); trailing full dims may be left out."""
    parent, entries = [], []
    for n in s:
        if rng.random() < 0.25:
            L = int(rng.integers(1, 4))
            i = int(rng.integers(-L, L))
            parent.append(L)
            entries.append(str(i))
        if rng.random() < 0.6:
            L, txt = _slice_text(rng, n)
        else:
            L, txt = n, ":"
        parent.append(L)
        entries.append(txt)
    if rng.random() < 0.3 and len(parent) < 8:
        L = int(rng.integers(1, 4))
        parent.append(L)
        entries.append(str(int(rng.integers(-L, L))))
    while entries and entries[-1] == ":" and len(entries) > 1:
        entries.pop()
    if not entries:
        return None
    txt = "{}[" + ", ".join(entries) + "]"
    return parent, txt, txt


def _view_expand(rng, s):
    """Some sizes from 1 (stride 0), maybe fewer leading dims; -1 keeps a size."""
    lead = int(rng.integers(0, len(s) + 1)) if rng.random() < 0.4 else 0
    parent = [1 if rng.random() < 0.5 else d for d in s[lead:]]
    if parent == s:
        return None
    sizes = [str(d) for d in s]
    for i, d in enumerate(parent):
        if d == s[lead + i] and rng.random() < 0.3:
            sizes[lead + i] = "-1"
    lst = "[" + ", ".join(sizes) + "]"
    return parent, "expand({}, %s)" % lst, "{}.expand(%s)" % lst


def view_chain(rng, shape, depth, expand=True):
    """(leaf shape, mg template, torch template) of up to depth views that
    turn a leaf into a tensor of `shape`; expand=False leaves out stride-0
    views."""
    mg_t, pt_t, s = "{}", "{}", list(shape)
    for _ in range(depth):
        kinds = ["index", "expand"] if expand else ["index"]
        if len(s) >= 2:
            kinds += ["transpose", "transpose", "permute"]
        if len(s) == 2:
            kinds.append("T")
        kind = kinds[int(rng.integers(len(kinds)))]
        r = {"index": _view_index, "expand": _view_expand, "transpose": _view_transpose,
             "permute": _view_permute, "T": _view_T}[kind](rng, s)
        if r is None or len(r[0]) > 8:
            continue
        s, m, p = r
        mg_t, pt_t = mg_t.format(m), pt_t.format(p)
    return s, mg_t, pt_t
