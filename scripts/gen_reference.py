#!/usr/bin/python3
"""gen_reference.py - PyTorch reference values for every differentiable op.

Run once, by hand, with the distribution's python3-torch:

    /usr/bin/python3 scripts/gen_reference.py        # writes tests/reference/*.txt

The files are committed; `make check` only reads them
(tests/unit/test_reference.c). Each case records inputs, the forward output
and the gradient of L = sum(out * w) for a fixed random w with respect to
every input that requires grad, all computed in float64.

File format: plain text, one token list per line, blank lines and lines
starting with '#' ignored. One case per block:

    case OP NAME              OP is the mg op (table in test_reference.c)
    param KEY TOKENS...       0+ lines: op parameters, e.g.
                                param axis -1 | param axis none
                                param keepdim 1
                                param shape 2 -1
                                param index s 0 _ 2 i -1
                                  (index entries: "i N" an integer index,
                                   "s START STOP STEP" a slice, "_" = omitted)
    gradcheck 0|1             whether ag_gradcheck is expected to pass here
                              (0 at kinks, nan results)
    input GRAD NDIM D1..Dn    an input's base tensor; GRAD 1: it requires grad
    VALUES                    next line: its numel values, row-major, %.17g
    view KIND ARGS...         0+ lines after an input: turn it into a view
                              before the op, in order:
                                view transpose D0 D1
                                view index ENTRIES...   (as param index)
                                view expand NDIM D1..Dn
                              the base stays the leaf: gradients are w.r.t. it
    weight NDIM D1..Dn        w, the output's shape
    VALUES
    out NDIM D1..Dn           expected forward output
    VALUES
    grad NDIM D1..Dn          one per input with GRAD 1, in input order:
    VALUES                    dL/d(base)
    end

NDIM 0 is a 0-d tensor (one value). nan, inf and -inf are written as such.
"""
import math
import os
import sys

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261124)
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference")


# ---- inputs -------------------------------------------------------------

class In:
    """An input: base values, whether it requires grad, and views applied to it."""

    def __init__(self, values, grad=True, views=()):
        self.values = np.asarray(values, dtype=np.float64)
        self.grad = grad
        self.views = list(views)


def randn(*shape, grad=True, views=()):
    return In(rng.standard_normal(shape), grad, views)


def uniform(lo, hi, *shape, grad=True, views=()):
    return In(rng.uniform(lo, hi, shape), grad, views)


def away_from_zero(*shape, grad=True, views=()):
    """|v| in [0.5, 2] with a random sign: safe divisors."""
    v = rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], shape)
    return In(v, grad, views)


def const(values, grad=False):
    return In(values, grad)


# views, as written in the file and as torch applies them
def transpose(d0, d1):
    return ("transpose", d0, d1)


def index(*entries):
    return ("index",) + entries


def expand(*shape):
    return ("expand",) + shape


def parse_index(entries):
    """("s", 0, None, 2), ("i", -1) ... -> a tuple for torch indexing"""
    out = []
    for e in entries:
        if e[0] == "i":
            out.append(e[1])
        else:
            out.append(slice(e[1], e[2], e[3]))
    return tuple(out)


def index_tokens(entries):
    toks = []
    for e in entries:
        if e[0] == "i":
            toks += ["i", str(e[1])]
        else:
            toks += ["s"] + ["_" if v is None else str(v) for v in e[1:]]
    return toks


def apply_view(t, view):
    kind = view[0]
    if kind == "transpose":
        return t.transpose(view[1], view[2])
    if kind == "index":
        return t[parse_index(view[1:])]
    if kind == "expand":
        return t.expand(*view[1:])
    raise ValueError(kind)


def view_tokens(view):
    kind = view[0]
    if kind == "transpose":
        return ["transpose", str(view[1]), str(view[2])]
    if kind == "index":
        return ["index"] + index_tokens(view[1:])
    return ["expand", str(len(view) - 1)] + [str(d) for d in view[1:]]


# ---- the ops, as torch computes them --------------------------------------

def axis_of(p):
    return p.get("axis")  # None: all axes


def reduce_call(fn_all, fn_axis):
    def f(x, p):
        ax = axis_of(p)
        if ax is None:
            return fn_all(x[0])
        return fn_axis(x[0], ax, p.get("keepdim", False))
    return f


def torch_max(t, ax, keep):
    return torch.max(t, dim=ax, keepdim=keep).values


def torch_min(t, ax, keep):
    return torch.min(t, dim=ax, keepdim=keep).values


def unbiased(p):
    return p.get("unbiased", True)


def squeeze(x, p):
    return x[0].squeeze() if axis_of(p) is None else x[0].squeeze(axis_of(p))


TORCH = {
    "add": lambda x, p: x[0] + x[1],
    "sub": lambda x, p: x[0] - x[1],
    "mul": lambda x, p: x[0] * x[1],
    "div": lambda x, p: x[0] / x[1],
    "pow": lambda x, p: torch.pow(x[0], x[1]),
    "maximum": lambda x, p: torch.maximum(x[0], x[1]),
    "minimum": lambda x, p: torch.minimum(x[0], x[1]),
    "where": lambda x, p: torch.where(x[0] != 0, x[1], x[2]),
    "neg": lambda x, p: -x[0],
    "exp": lambda x, p: torch.exp(x[0]),
    "log": lambda x, p: torch.log(x[0]),
    "sqrt": lambda x, p: torch.sqrt(x[0]),
    "abs": lambda x, p: torch.abs(x[0]),
    "sin": lambda x, p: torch.sin(x[0]),
    "cos": lambda x, p: torch.cos(x[0]),
    "tanh": lambda x, p: torch.tanh(x[0]),
    "sigmoid": lambda x, p: torch.sigmoid(x[0]),
    "relu": lambda x, p: torch.relu(x[0]),
    "leaky_relu": lambda x, p: torch.nn.functional.leaky_relu(x[0], p["slope"]),
    "gelu": lambda x, p: torch.nn.functional.gelu(x[0]),
    "clamp": lambda x, p: torch.clamp(x[0], None if p["lo"] == -math.inf else p["lo"],
                                      None if p["hi"] == math.inf else p["hi"]),
    "sum": reduce_call(torch.sum, lambda t, a, k: torch.sum(t, dim=a, keepdim=k)),
    "mean": reduce_call(torch.mean, lambda t, a, k: torch.mean(t, dim=a, keepdim=k)),
    "max": reduce_call(torch.max, torch_max),
    "min": reduce_call(torch.min, torch_min),
    "var": lambda x, p: (torch.var(x[0], unbiased=unbiased(p)) if axis_of(p) is None else
                         torch.var(x[0], dim=axis_of(p), unbiased=unbiased(p),
                                   keepdim=p.get("keepdim", False))),
    "logsumexp": lambda x, p: torch.logsumexp(
        x[0], dim=(tuple(range(x[0].dim())) if axis_of(p) is None else axis_of(p)),
        keepdim=p.get("keepdim", False)),
    "norm": lambda x, p: torch.linalg.vector_norm(x[0]),
    "reshape": lambda x, p: x[0].reshape(p["shape"]),
    "transpose": lambda x, p: x[0].transpose(p["d0"], p["d1"]),
    "permute": lambda x, p: x[0].permute(p["dims"]),
    "flatten": lambda x, p: x[0].flatten(),
    "squeeze": squeeze,
    "unsqueeze": lambda x, p: x[0].unsqueeze(p["axis"]),
    "expand": lambda x, p: x[0].expand(p["shape"]),
    "contiguous": lambda x, p: x[0].contiguous(),
    "cat": lambda x, p: torch.cat(x, dim=p["axis"]),
    "stack": lambda x, p: torch.stack(x, dim=p["axis"]),
    "index": lambda x, p: x[0][parse_index(p["index"])],
    "matmul": lambda x, p: torch.matmul(x[0], x[1]),
    "dot": lambda x, p: torch.dot(x[0], x[1]),
    "outer": lambda x, p: torch.outer(x[0], x[1]),
    "softmax": lambda x, p: torch.softmax(x[0], dim=p["axis"]),
    "log_softmax": lambda x, p: torch.log_softmax(x[0], dim=p["axis"]),
    "mse_loss": lambda x, p: torch.nn.functional.mse_loss(x[0], x[1]),
    "bce_loss": lambda x, p: torch.nn.functional.binary_cross_entropy(x[0], x[1]),
    "bce_with_logits": lambda x, p: torch.nn.functional.binary_cross_entropy_with_logits(x[0], x[1]),
    "cross_entropy": lambda x, p: torch.nn.functional.cross_entropy(x[0], x[1].long()),
    "nll_loss": lambda x, p: torch.nn.functional.nll_loss(x[0], x[1].long()),
    "linear": lambda x, p: x[0] @ x[1] + x[2] if len(x) == 3 else x[0] @ x[1],
    "conv2d": lambda x, p: torch.nn.functional.conv2d(x[0], x[1], x[2] if len(x) == 3 else None,
                                                      stride=p.get("stride", 1),
                                                      padding=p.get("padding", 0)),
    "max_pool2d": lambda x, p: torch.nn.functional.max_pool2d(x[0], p["k"]),
    "layer_norm": lambda x, p: torch.nn.functional.layer_norm(x[0], x[0].shape[-1:],
                                                              eps=p.get("eps", 1e-5)),
}


# ---- writing --------------------------------------------------------------

def fmt_values(a):
    return " ".join("%.17g" % v for v in np.asarray(a, dtype=np.float64).reshape(-1))


def fmt_shape(shape):
    return " ".join([str(len(shape))] + [str(d) for d in shape])


def param_tokens(key, v):
    if key == "index":
        return index_tokens(v)
    if v is None:
        return ["none"]
    if isinstance(v, bool):
        return ["1" if v else "0"]
    if isinstance(v, (list, tuple)):
        return [str(d) for d in v]
    if isinstance(v, float):
        return ["%.17g" % v]
    return [str(v)]


def leaves_and_args(inputs):
    """A case's leaves (one per input) and the op's arguments: each leaf
    through its input's views."""
    bases = [torch.tensor(i.values, requires_grad=i.grad) for i in inputs]
    args = []
    for b, i in zip(bases, inputs):
        t = b
        for v in i.views:
            t = apply_view(t, v)
        args.append(t)
    return bases, args


def write_groups(out_dir, files, header):
    """files: group -> its cases' text; one out_dir/GROUP.txt each, header first."""
    os.makedirs(out_dir, exist_ok=True)
    for group, cases in files.items():
        path = os.path.join(out_dir, group + ".txt")
        with open(path, "w") as f:
            f.write(header)
            f.write("\n\n".join(cases) + "\n")
        print("%s: %d cases, %d bytes" % (path, len(cases), os.path.getsize(path)))


class Writer:
    def __init__(self):
        self.files = {}
        self.names = set()

    def case(self, group, op, name, inputs, params=None, gradcheck=True):
        params = params or {}
        key = (op, name)
        assert key not in self.names, key
        self.names.add(key)
        bases, args = leaves_and_args(inputs)
        out = TORCH[op](args, params)
        w = torch.tensor(rng.standard_normal(tuple(out.shape)))
        leaves = [b for b in bases if b.requires_grad]
        grads = torch.autograd.grad((out * w).sum(), leaves, allow_unused=True) if leaves else []
        lines = ["case %s %s" % (op, name)]
        for k, v in params.items():
            lines.append(" ".join(["param", k] + param_tokens(k, v)))
        lines.append("gradcheck %d" % (1 if gradcheck else 0))
        for b, i in zip(bases, inputs):
            lines.append("input %d %s" % (1 if i.grad else 0, fmt_shape(b.shape)))
            lines.append(fmt_values(b.detach().numpy()))
            for v in i.views:
                lines.append(" ".join(["view"] + view_tokens(v)))
        lines.append("weight " + fmt_shape(w.shape))
        lines.append(fmt_values(w.numpy()))
        lines.append("out " + fmt_shape(out.shape))
        lines.append(fmt_values(out.detach().numpy()))
        for leaf, g in zip(leaves, grads):
            if g is None:
                g = torch.zeros_like(leaf)
            lines.append("grad " + fmt_shape(g.shape))
            lines.append(fmt_values(g.numpy()))
        lines.append("end")
        self.files.setdefault(group, []).append("\n".join(lines))

    def write(self):
        write_groups(OUT_DIR, self.files, "# PyTorch %s reference values written by scripts/gen_reference.py; "
                     "format documented there.\n\n" % torch.__version__)


# ---- the cases --------------------------------------------------------------

def elementwise_cases(W):
    g = "elementwise"
    for op in ["add", "sub", "mul", "div", "maximum", "minimum"]:
        rhs = away_from_zero if op == "div" else randn
        W.case(g, op, "same_shape", [randn(2, 3), rhs(2, 3)])
        W.case(g, op, "broadcast_row", [randn(2, 3), rhs(3)])
        W.case(g, op, "broadcast_both", [randn(4, 1), rhs(1, 3)])
        W.case(g, op, "scalar_rhs", [randn(2, 3), rhs()])
        W.case(g, op, "scalar_lhs", [randn(), rhs(3, 2)])
        W.case(g, op, "transposed", [randn(3, 2, views=[transpose(0, 1)]), rhs(2, 3)])
        W.case(g, op, "sliced_expanded", [randn(2, 5, views=[index(("s", None, None, 1), ("s", 1, 4, 1))]),
                                          rhs(3, views=[expand(2, 3)])])
        W.case(g, op, "3d_broadcast", [randn(2, 1, 3), rhs(4, 1)])
    # pow: positive base, both gradients
    W.case(g, "pow", "same_shape", [uniform(0.5, 2.0, 2, 3), uniform(-2.0, 2.0, 2, 3)])
    W.case(g, "pow", "broadcast_exponent", [uniform(0.5, 2.0, 2, 3), uniform(-2.0, 2.0, 3)])
    W.case(g, "pow", "scalar_exponent", [uniform(0.5, 2.0, 3, 2), const(2.5, grad=True)])
    W.case(g, "pow", "transposed_base", [uniform(0.5, 2.0, 3, 2, views=[transpose(0, 1)]),
                                         uniform(-1.0, 1.0, 2, 3)])
    W.case(g, "pow", "negative_base_int_exponent", [const([-2.0, -0.5, 1.5], grad=True),
                                                    const([2.0, 3.0, 2.0])])
    # negative base, non-integer exponent: nan (as torch), gradients nan too
    W.case(g, "pow", "negative_base_fractional_exponent",
           [const([-2.0, -0.5, 4.0], grad=True), const([0.5, 1.5, 0.5], grad=True)], gradcheck=False)

    W.case(g, "where", "same_shape", [const([[1, 0, 1], [0, 0, 1]]), randn(2, 3), randn(2, 3)])
    W.case(g, "where", "broadcast", [const([[1], [0]]), randn(3), randn(2, 1)])
    W.case(g, "where", "transposed", [const([[1, 0], [0, 1], [1, 1]]),
                                      randn(2, 3, views=[transpose(0, 1)]), randn()])

    def unary(op, make, **kw):
        W.case(g, op, "matrix", [make(2, 3)], **kw)
        W.case(g, op, "transposed", [make(4, 3, views=[transpose(0, 1)])], **kw)
        W.case(g, op, "sliced", [make(3, 5, views=[index(("s", None, None, 2), ("s", 1, None, 2))])], **kw)
        W.case(g, op, "scalar", [make()], **kw)

    for op in ["neg", "exp", "sin", "cos", "tanh", "sigmoid", "gelu"]:
        unary(op, randn)
    for op in ["log", "sqrt"]:
        unary(op, lambda *s, **k: uniform(0.2, 3.0, *s, **k))
    for op in ["abs", "relu"]:
        unary(op, away_from_zero)
        W.case(g, op, "at_zero", [const([-1.0, 0.0, 2.0], grad=True)], gradcheck=False)
    for op in ["tanh", "sigmoid"]:
        W.case(g, op, "large", [const([-1000.0, -30.0, 0.0, 30.0, 1000.0], grad=True)])
    W.case(g, "gelu", "wide", [const([-6.0, -1.5, -0.3, 0.0, 0.4, 2.0, 7.0], grad=True)])
    unary("leaky_relu", away_from_zero, params={"slope": 0.01})
    W.case(g, "leaky_relu", "slope_0.2", [away_from_zero(3, 2)], params={"slope": 0.2})
    W.case(g, "leaky_relu", "at_zero", [const([-1.0, 0.0, 2.0], grad=True)], params={"slope": 0.1},
           gradcheck=False)
    W.case(g, "clamp", "both", [const([-2.0, -0.7, -0.2, 0.1, 0.3, 0.9, 1.7], grad=True)],
           params={"lo": -0.5, "hi": 0.5})
    W.case(g, "clamp", "matrix", [randn(3, 4)], params={"lo": -0.5, "hi": 0.8})
    W.case(g, "clamp", "transposed", [randn(4, 3, views=[transpose(0, 1)])], params={"lo": -0.3, "hi": 0.3})
    W.case(g, "clamp", "lo_only", [randn(2, 3)], params={"lo": 0.0, "hi": math.inf})
    W.case(g, "clamp", "hi_only", [randn(2, 3)], params={"lo": -math.inf, "hi": 0.25})
    W.case(g, "clamp", "at_bounds", [const([-1.0, -0.5, 0.0, 0.5, 1.0], grad=True)],
           params={"lo": -0.5, "hi": 0.5}, gradcheck=False)


def reduce_cases(W):
    g = "reduce"
    for op in ["sum", "mean", "max", "min", "logsumexp"]:
        W.case(g, op, "all", [randn(3, 4)], params={"axis": None})
        W.case(g, op, "axis0", [randn(3, 4)], params={"axis": 0})
        W.case(g, op, "axis_neg1_keepdim", [randn(3, 4)], params={"axis": -1, "keepdim": True})
        W.case(g, op, "3d_axis1", [randn(2, 3, 4)], params={"axis": 1})
        W.case(g, op, "3d_axis_neg3_keepdim", [randn(2, 3, 2)], params={"axis": -3, "keepdim": True})
        W.case(g, op, "transposed_axis1", [randn(4, 3, views=[transpose(0, 1)])], params={"axis": 1})
        W.case(g, op, "expanded_axis0", [randn(1, 3, views=[expand(4, 3)])], params={"axis": 0})
        W.case(g, op, "vector", [randn(5)], params={"axis": 0})
    W.case(g, "logsumexp", "large", [const([[1000.0, 999.0, -1000.0], [-1000.0, -1001.0, -999.5]], grad=True)],
           params={"axis": -1})
    W.case(g, "logsumexp", "large_all", [const([1000.0, 1000.5, -1000.0], grad=True)], params={"axis": None})
    for unb in [True, False]:
        tag = "unbiased" if unb else "biased"
        W.case(g, "var", tag + "_all", [randn(3, 4)], params={"axis": None, "unbiased": unb})
        W.case(g, "var", tag + "_axis0", [randn(3, 4)], params={"axis": 0, "unbiased": unb})
        W.case(g, "var", tag + "_axis_neg1_keepdim", [randn(3, 4)],
               params={"axis": -1, "keepdim": True, "unbiased": unb})
        W.case(g, "var", tag + "_transposed", [randn(4, 3, views=[transpose(0, 1)])],
               params={"axis": 1, "unbiased": unb})
    # ties: the gradient goes to the first extreme along the axis (SPEC §6.7,
    # torch's max(dim) on the CPU). Full reductions are not tied here: torch
    # splits the gradient between ties there, mg sends it to the first.
    W.case(g, "max", "ties_axis1", [const([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, -1.0, 2.0]], grad=True)],
           params={"axis": 1}, gradcheck=False)
    W.case(g, "min", "ties_axis0", [const([[1.0, 3.0, 3.0, 0.0], [1.0, 2.0, -1.0, 0.0]], grad=True)],
           params={"axis": 0}, gradcheck=False)
    W.case(g, "norm", "zero", [const([0.0, 0.0, 0.0], grad=True)])
    W.case(g, "norm", "vector", [randn(5)])
    W.case(g, "norm", "matrix", [randn(3, 4)])
    W.case(g, "norm", "transposed", [randn(4, 3, views=[transpose(0, 1)])])


def shape_cases(W):
    g = "shape"
    W.case(g, "reshape", "infer", [randn(2, 6)], params={"shape": [3, -1]})
    W.case(g, "reshape", "to_3d", [randn(12)], params={"shape": [2, 3, 2]})
    W.case(g, "reshape", "transposed", [randn(3, 4, views=[transpose(0, 1)])], params={"shape": [2, 6]})
    W.case(g, "reshape", "to_scalar", [randn(1, 1)], params={"shape": []})
    W.case(g, "transpose", "matrix", [randn(2, 3)], params={"d0": 0, "d1": 1})
    W.case(g, "transpose", "3d_negative", [randn(2, 3, 4)], params={"d0": -1, "d1": 0})
    W.case(g, "transpose", "sliced", [randn(4, 3, views=[index(("s", 1, None, 1))])], params={"d0": 0, "d1": 1})
    W.case(g, "permute", "3d", [randn(2, 3, 4)], params={"dims": [2, 0, 1]})
    W.case(g, "permute", "4d", [randn(2, 1, 3, 2)], params={"dims": [3, 1, 0, 2]})
    W.case(g, "flatten", "3d", [randn(2, 3, 2)])
    W.case(g, "flatten", "transposed", [randn(3, 2, views=[transpose(0, 1)])])
    W.case(g, "squeeze", "all", [randn(1, 3, 1, 2)], params={"axis": None})
    W.case(g, "squeeze", "axis", [randn(3, 1, 2)], params={"axis": 1})
    W.case(g, "squeeze", "negative_axis", [randn(3, 2, 1)], params={"axis": -1})
    W.case(g, "squeeze", "not_size_one", [randn(3, 2)], params={"axis": 0})
    W.case(g, "unsqueeze", "front", [randn(3, 2)], params={"axis": 0})
    W.case(g, "unsqueeze", "negative", [randn(3, 2)], params={"axis": -1})
    W.case(g, "unsqueeze", "middle_transposed", [randn(2, 3, views=[transpose(0, 1)])], params={"axis": 1})
    W.case(g, "expand", "row", [randn(3)], params={"shape": [4, 3]})
    W.case(g, "expand", "middle", [randn(2, 1, 3)], params={"shape": [2, 4, 3]})
    W.case(g, "expand", "minus_one", [randn(2, 1)], params={"shape": [-1, 3]})
    W.case(g, "contiguous", "transposed", [randn(3, 2, views=[transpose(0, 1)])])
    W.case(g, "cat", "axis0", [randn(2, 3), randn(1, 3), randn(3, 3)], params={"axis": 0})
    W.case(g, "cat", "axis_neg1", [randn(2, 3), randn(2, 1)], params={"axis": -1})
    W.case(g, "cat", "non_contiguous", [randn(3, 2, views=[transpose(0, 1)]), randn(2, 1, views=[expand(2, 4)])],
           params={"axis": 1})
    W.case(g, "cat", "3d_axis1", [randn(2, 1, 2), randn(2, 2, 2)], params={"axis": 1})
    W.case(g, "stack", "axis0", [randn(2, 3), randn(2, 3)], params={"axis": 0})
    W.case(g, "stack", "axis_neg1", [randn(3), randn(3), randn(3)], params={"axis": -1})
    W.case(g, "stack", "transposed", [randn(3, 2, views=[transpose(0, 1)]), randn(2, 3)], params={"axis": 1})
    W.case(g, "index", "int", [randn(3, 4)], params={"index": [("i", 1)]})
    W.case(g, "index", "negative_int", [randn(3, 4)], params={"index": [("s", None, None, 1), ("i", -1)]})
    W.case(g, "index", "slice", [randn(5, 4)], params={"index": [("s", 1, 4, 1)]})
    W.case(g, "index", "step", [randn(6, 5)], params={"index": [("s", None, None, 2), ("s", 1, None, 3)]})
    W.case(g, "index", "negative_bounds", [randn(6)], params={"index": [("s", -4, -1, 1)]})
    W.case(g, "index", "mixed_3d", [randn(3, 4, 5)], params={"index": [("i", 2), ("s", 1, 3, 1), ("i", -2)]})
    W.case(g, "index", "transposed", [randn(4, 3, views=[transpose(0, 1)])],
           params={"index": [("s", 0, 2, 1), ("i", 3)]})


def linalg_cases(W):
    g = "linalg"
    W.case(g, "matmul", "2d", [randn(2, 3), randn(3, 4)])
    W.case(g, "matmul", "1d_2d", [randn(3), randn(3, 2)])
    W.case(g, "matmul", "2d_1d", [randn(2, 3), randn(3)])
    W.case(g, "matmul", "1d_1d", [randn(4), randn(4)])
    W.case(g, "matmul", "batched", [randn(2, 2, 3), randn(2, 3, 4)])
    W.case(g, "matmul", "batch_broadcast", [randn(2, 1, 2, 3), randn(3, 3, 2)])
    W.case(g, "matmul", "batched_2d", [randn(2, 3, 4), randn(4, 2)])
    W.case(g, "matmul", "1d_batched", [randn(3), randn(2, 3, 2)])
    W.case(g, "matmul", "transposed", [randn(3, 2, views=[transpose(0, 1)]), randn(4, 3, views=[transpose(0, 1)])])
    W.case(g, "matmul", "expanded_batch", [randn(1, 2, 3, views=[expand(3, 2, 3)]), randn(3, 3, 2)])
    W.case(g, "dot", "vectors", [randn(5), randn(5)])
    W.case(g, "dot", "sliced", [randn(8, views=[index(("s", None, None, 2))]), randn(4)])
    W.case(g, "outer", "vectors", [randn(3), randn(4)])
    W.case(g, "outer", "sliced", [randn(6, views=[index(("s", 1, None, 2))]), randn(2)])


def nn_cases(W):
    g = "nn"
    for op in ["softmax", "log_softmax"]:
        W.case(g, op, "last_axis", [randn(3, 4)], params={"axis": -1})
        W.case(g, op, "axis0", [randn(3, 4)], params={"axis": 0})
        W.case(g, op, "3d_axis1", [randn(2, 3, 2)], params={"axis": 1})
        W.case(g, op, "transposed", [randn(4, 3, views=[transpose(0, 1)])], params={"axis": -1})
        W.case(g, op, "vector", [randn(5)], params={"axis": 0})
        W.case(g, op, "large", [const([[1000.0, 999.0, -1000.0], [-1000.0, -999.0, -1001.0]], grad=True)],
               params={"axis": -1})
    W.case(g, "mse_loss", "matrix", [randn(3, 4), randn(3, 4)])
    W.case(g, "mse_loss", "transposed", [randn(4, 3, views=[transpose(0, 1)]), randn(3, 4)])
    W.case(g, "mse_loss", "vector", [randn(5), randn(5, grad=False)])
    W.case(g, "bce_loss", "hard_targets", [uniform(0.05, 0.95, 2, 3), const([[1, 0, 1], [0, 0, 1]])])
    W.case(g, "bce_loss", "soft_targets", [uniform(0.05, 0.95, 4), uniform(0.0, 1.0, 4)])
    W.case(g, "bce_loss", "transposed", [uniform(0.05, 0.95, 3, 2, views=[transpose(0, 1)]),
                                         const([[1, 0, 1], [0, 1, 1]])])
    W.case(g, "bce_with_logits", "matrix", [randn(2, 3), const([[1, 0, 1], [0, 0, 1]])])
    W.case(g, "bce_with_logits", "soft_targets_grad", [randn(5), uniform(0.0, 1.0, 5)])
    W.case(g, "bce_with_logits", "large", [const([-1000.0, -50.0, 0.0, 50.0, 1000.0], grad=True),
                                           const([1.0, 0.0, 1.0, 1.0, 0.0])])
    W.case(g, "bce_with_logits", "transposed", [randn(3, 2, views=[transpose(0, 1)]), uniform(0, 1, 2, 3)])
    W.case(g, "cross_entropy", "batch", [randn(4, 3), const([0, 2, 1, 2])])
    W.case(g, "cross_entropy", "single", [randn(1, 5), const([3])])
    W.case(g, "cross_entropy", "large", [const([[1000.0, -1000.0, 0.0], [-1000.0, 999.0, 1000.0]], grad=True),
                                         const([1, 2])])
    W.case(g, "cross_entropy", "transposed", [randn(3, 4, views=[transpose(0, 1)]), const([0, 1, 2, 0])])
    W.case(g, "nll_loss", "batch", [randn(4, 3), const([0, 2, 1, 2])])
    W.case(g, "nll_loss", "transposed", [randn(3, 2, views=[transpose(0, 1)]), const([2, 0])])
    W.case(g, "linear", "bias", [randn(4, 3), randn(3, 2), randn(2)])
    W.case(g, "linear", "no_bias", [randn(4, 3), randn(3, 2)])
    W.case(g, "linear", "3d_input", [randn(2, 3, 4), randn(4, 2), randn(2)])
    W.case(g, "linear", "vector_input", [randn(3), randn(3, 2), randn(2)])
    W.case(g, "linear", "transposed_weight", [randn(2, 3), randn(4, 3, views=[transpose(0, 1)]), randn(4)])
    W.case(g, "layer_norm", "matrix", [randn(3, 4)])
    W.case(g, "layer_norm", "3d_eps", [randn(2, 2, 5)], params={"eps": 1e-3})
    W.case(g, "layer_norm", "transposed", [randn(4, 3, views=[transpose(0, 1)])])


def conv_cases(W):
    g = "conv"
    W.case(g, "conv2d", "basic", [randn(2, 2, 5, 5), randn(3, 2, 3, 3), randn(3)])
    W.case(g, "conv2d", "stride2_pad1", [randn(1, 2, 5, 6), randn(2, 2, 3, 3), randn(2)],
           params={"stride": 2, "padding": 1})
    W.case(g, "conv2d", "no_bias_rect_kernel", [randn(1, 1, 4, 5), randn(2, 1, 2, 3)])
    W.case(g, "conv2d", "pad2_1x1", [randn(1, 3, 3, 3), randn(2, 3, 1, 1), randn(2)], params={"padding": 2})
    W.case(g, "conv2d", "stride3", [randn(1, 1, 7, 7), randn(1, 1, 3, 3), randn(1)], params={"stride": 3})
    W.case(g, "conv2d", "transposed_input", [randn(1, 2, 5, 4, views=[transpose(2, 3)]),
                                             randn(2, 2, 2, 2), randn(2)])
    W.case(g, "max_pool2d", "k2", [randn(1, 2, 4, 4)], params={"k": 2})
    W.case(g, "max_pool2d", "floor", [randn(2, 1, 5, 7)], params={"k": 2})
    W.case(g, "max_pool2d", "k3", [randn(1, 1, 6, 6)], params={"k": 3})
    W.case(g, "max_pool2d", "transposed", [randn(1, 2, 4, 6, views=[transpose(2, 3)])], params={"k": 2})


def main():
    W = Writer()
    elementwise_cases(W)
    reduce_cases(W)
    shape_cases(W)
    linalg_cases(W)
    nn_cases(W)
    conv_cases(W)
    missing = set(TORCH) - {op for op, _ in W.names}
    if missing:
        sys.exit("ops without a case: %s" % sorted(missing))
    W.write()


if __name__ == "__main__":
    main()
