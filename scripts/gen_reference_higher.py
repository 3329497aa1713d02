#!/usr/bin/python3
"""gen_reference_higher.py - PyTorch reference values for higher-order gradients.

Run once, by hand, with the distribution's python3-torch:

    /usr/bin/python3 scripts/gen_reference_higher.py   # writes tests/reference/higher/*.txt

The files are committed; `make check` only reads them
(tests/unit/test_reference_higher.c). The ops, inputs and views are those of
scripts/gen_reference.py (imported from it); this script adds a chain of
derivatives on top of each forward, all in float64:

    order 1:  g1 = d(sum(out * w)) / dx              create_graph=True
    order 2:  g2 = d(sum_i sum(g1_i * v1_i)) / dx    a Hessian-vector product
    order 3:  g3 = d(sum_i sum(g2_i * v2_i)) / dx    (for ORDER 3 cases)

x are the inputs that require grad (g_i, v_i: one per such input, in input
order). For a one-element input with w = v = 1 (the `scalar` helper) the
orders are f'(x), f''(x), f'''(x): x ** 3 at 2 gives 12, 12, 6. Where an
order's sum does not depend on x at all (the gradient of a linear op), the
next order is zero.

File format: as gen_reference.py's (read its header), one case per block:

    case OP NAME
    param KEY TOKENS...       0+ lines, as gen_reference.py
    order K                   the highest order recorded (2 or 3)
    input GRAD NDIM D1..Dn    an input's base tensor, then its values line,
    VALUES                    then 0+ `view` lines, as gen_reference.py
    weight NDIM D1..Dn        w (the output's shape)
    VALUES
    out NDIM D1..Dn           the forward output
    VALUES
    vector J NDIM D1..Dn      v_J for each input with GRAD 1 (J = 1..K-1,
    VALUES                    inputs in order), shaped like that base
    grad J NDIM D1..Dn        g_J for each input with GRAD 1 (J = 1..K)
    VALUES
    end
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_reference as ref  # noqa: E402  (the ops, inputs, views and number format)

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261125)
ref.rng = rng   # ref.randn & co draw from this script's own stream
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference", "higher")

randn, uniform, away_from_zero, const = ref.randn, ref.uniform, ref.away_from_zero, ref.const
transpose, index, expand = ref.transpose, ref.index, ref.expand

# ops gen_reference.py has no row for (mg has them as builtins)
TORCH = dict(ref.TORCH)
TORCH["softplus"] = lambda x, p: torch.nn.functional.softplus(x[0])
TORCH["erf"] = lambda x, p: torch.erf(x[0])


# torch 1.13's native layer_norm has a wrong third derivative (its double
# backward is not itself differentiated correctly: torch.autograd.gradgradcheck
# fails on it), so the reference is layer_norm written out in torch's
# primitives, as torch documents it. Its first and second orders are checked
# against the native op below (NATIVE) before anything is written.
def layer_norm_composite(x, p):
    mu = x[0].mean(-1, keepdim=True)
    d = x[0] - mu
    var = (d * d).mean(-1, keepdim=True)
    return d / torch.sqrt(var + p.get("eps", 1e-5))


NATIVE = {"layer_norm": (ref.TORCH["layer_norm"], 2)}   # op -> (torch's op, orders that agree)
TORCH["layer_norm"] = layer_norm_composite


def dense(t):
    """t's values as a numpy array. torch 1.13 may return a gradient as a
    ZeroTensor (no storage: abs's second derivative), whose .numpy() reads
    whatever memory it finds; adding it to real zeros materializes it."""
    return (torch.zeros(t.shape) + t.detach()).numpy()


def grads_of(loss, leaves, create_graph):
    """d loss / d leaves; zeros for a leaf the loss does not reach (or a
    loss that reaches nothing: the gradient of a linear op)."""
    if not loss.requires_grad:
        return [torch.zeros_like(l) for l in leaves]
    gs = torch.autograd.grad(loss, leaves, create_graph=create_graph, allow_unused=True)
    return [torch.zeros_like(l) if g is None else g for g, l in zip(gs, leaves)]


class Writer:
    def __init__(self):
        self.files = {}
        self.names = set()

    def case(self, group, op, name, inputs, params=None, order=2, ones=False):
        """ones: w and every v are all ones (scalar derivatives)."""
        params = params or {}
        key = (op, name)
        assert key not in self.names, key
        assert 2 <= order <= 3
        self.names.add(key)
        bases, args = ref.leaves_and_args(inputs)
        out = TORCH[op](args, params)
        fill = (lambda shape: torch.ones(shape)) if ones else \
            (lambda shape: torch.tensor(rng.standard_normal(tuple(shape))))
        w = fill(out.shape)
        leaves = [b for b in bases if b.requires_grad]
        assert leaves, key
        levels = [grads_of((out * w).sum(), leaves, create_graph=True)]
        vectors = []
        for k in range(2, order + 1):
            vs = [fill(l.shape) for l in leaves]
            vectors.append(vs)
            prev = [g * v for g, v in zip(levels[-1], vs) if g.requires_grad]
            loss = sum(p.sum() for p in prev) if prev else torch.zeros(())
            levels.append(grads_of(loss, leaves, create_graph=k < order))
        if op in NATIVE:
            self.cross_check(op, inputs, params, w, vectors, levels)

        lines = ["case %s %s" % (op, name)]
        for k, v in params.items():
            lines.append(" ".join(["param", k] + ref.param_tokens(k, v)))
        lines.append("order %d" % order)
        for b, i in zip(bases, inputs):
            lines.append("input %d %s" % (1 if i.grad else 0, ref.fmt_shape(b.shape)))
            lines.append(ref.fmt_values(b.detach().numpy()))
            for v in i.views:
                lines.append(" ".join(["view"] + ref.view_tokens(v)))
        lines.append("weight " + ref.fmt_shape(w.shape))
        lines.append(ref.fmt_values(w.numpy()))
        lines.append("out " + ref.fmt_shape(out.shape))
        lines.append(ref.fmt_values(dense(out)))
        for j, vs in enumerate(vectors, start=1):
            for v in vs:
                lines.append("vector %d %s" % (j, ref.fmt_shape(v.shape)))
                lines.append(ref.fmt_values(v.numpy()))
        for j, gs in enumerate(levels, start=1):
            for g in gs:
                lines.append("grad %d %s" % (j, ref.fmt_shape(g.shape)))
                lines.append(ref.fmt_values(dense(g)))
        lines.append("end")
        self.files.setdefault(group, []).append("\n".join(lines))

    def cross_check(self, op, inputs, params, w, vectors, levels):
        """The orders of NATIVE[op] that torch's own op gets right match ours."""
        native, upto = NATIVE[op]
        bases, args = ref.leaves_and_args(inputs)
        leaves = [b for b in bases if b.requires_grad]
        gs = grads_of((native(args, params) * w).sum(), leaves, create_graph=True)
        for k in range(1, upto + 1):
            for g, want in zip(gs, levels[k - 1]):
                assert torch.allclose(g, want, rtol=1e-9, atol=1e-12), (op, k)
            if k < upto:
                loss = sum((g * v).sum() for g, v in zip(gs, vectors[k - 1]))
                gs = grads_of(loss, leaves, create_graph=True)

    def write(self):
        ref.write_groups(OUT_DIR, self.files, "# PyTorch %s higher-order reference values written by "
                         "scripts/gen_reference_higher.py; format documented there.\n\n" % torch.__version__)


# ---- the cases ----------------------------------------------------------------

def scalar_cases(W):
    """f', f'', f''' of one-element functions at a point (w = v = 1)."""
    g = "scalar"
    W.case(g, "pow", "cube_at_2", [const(2.0, grad=True), const(3.0)], order=3, ones=True)
    W.case(g, "pow", "scalar_both_sides", [const(1.5, grad=True), const(2.5, grad=True)], order=3, ones=True)
    W.case(g, "div", "reciprocal", [const(1.0), const(0.7, grad=True)], order=3, ones=True)
    W.case(g, "mul", "square", [const(-1.3, grad=True), const(0.4, grad=True)], order=3, ones=True)
    for op, x in [("tanh", 0.6), ("sigmoid", -0.8), ("exp", 0.3), ("log", 1.7), ("sqrt", 2.2),
                  ("sin", 0.9), ("cos", -0.4), ("erf", 0.5), ("softplus", -0.7), ("gelu", 0.8)]:
        W.case(g, op, "at_%g" % x, [const(x, grad=True)], order=3, ones=True)


def elementwise_cases(W):
    g = "elementwise"
    for op in ["tanh", "sigmoid", "exp", "sin", "cos", "erf", "softplus", "gelu"]:
        W.case(g, op, "matrix", [randn(2, 3)], order=3)
        W.case(g, op, "transposed", [randn(4, 3, views=[transpose(0, 1)])])
    for op in ["log", "sqrt"]:
        W.case(g, op, "matrix", [uniform(0.3, 3.0, 2, 3)], order=3)
        W.case(g, op, "sliced", [uniform(0.3, 3.0, 3, 5, views=[index(("s", None, None, 2), ("s", 1, None, 2))])])
    for op in ["tanh", "sigmoid", "softplus"]:
        W.case(g, op, "large", [const([-1000.0, -30.0, 0.0, 30.0, 1000.0], grad=True)], order=3)
    # piecewise linear: second derivative zero away from the kinks
    for op in ["abs", "relu"]:
        W.case(g, op, "matrix", [away_from_zero(2, 3)])
    W.case(g, "leaky_relu", "matrix", [away_from_zero(2, 3)], params={"slope": 0.1})
    W.case(g, "clamp", "matrix", [randn(3, 4)], params={"lo": -0.5, "hi": 0.8})

    W.case(g, "pow", "both_sides", [uniform(0.5, 2.0, 2, 3), uniform(-2.0, 2.0, 2, 3)], order=3)
    W.case(g, "pow", "broadcast_exponent", [uniform(0.5, 2.0, 2, 3), uniform(-2.0, 2.0, 3)])
    W.case(g, "pow", "base_only", [uniform(0.5, 2.0, 3, 2), const(2.5)], order=3)
    W.case(g, "pow", "exponent_only", [uniform(0.5, 2.0, 3, 2, grad=False), randn(3, 2)], order=3)
    W.case(g, "pow", "transposed_base", [uniform(0.5, 2.0, 3, 2, views=[transpose(0, 1)]),
                                         uniform(-1.0, 1.0, 2, 3)])
    W.case(g, "pow", "negative_base_int_exponent", [const([-2.0, -0.5, 1.5], grad=True),
                                                    const([2.0, 3.0, 2.0])], order=3)
    for op in ["mul", "div"]:
        rhs = away_from_zero if op == "div" else randn
        W.case(g, op, "same_shape", [randn(2, 3), rhs(2, 3)], order=3)
        W.case(g, op, "broadcast_both", [randn(4, 1), rhs(1, 3)])
        W.case(g, op, "sliced_expanded",
               [randn(2, 5, views=[index(("s", None, None, 1), ("s", 1, 4, 1))]), rhs(3, views=[expand(2, 3)])])
        W.case(g, op, "transposed", [randn(3, 2, views=[transpose(0, 1)]), rhs(2, 3)])
    for op in ["add", "sub", "maximum", "minimum"]:
        W.case(g, op, "broadcast_row", [randn(2, 3), randn(3)])
    W.case(g, "where", "broadcast", [const([[1], [0]]), randn(3), randn(2, 1)])


def reduce_cases(W):
    g = "reduce"
    for op in ["logsumexp", "mean", "sum", "max"]:
        W.case(g, op, "all", [randn(3, 4)], params={"axis": None}, order=3 if op == "logsumexp" else 2)
        W.case(g, op, "axis_neg1_keepdim", [randn(3, 4)], params={"axis": -1, "keepdim": True})
        W.case(g, op, "transposed_axis1", [randn(4, 3, views=[transpose(0, 1)])], params={"axis": 1})
    W.case(g, "logsumexp", "3d_axis1", [randn(2, 3, 4)], params={"axis": 1}, order=3)
    W.case(g, "logsumexp", "large", [const([[1000.0, 999.0, -1000.0], [-1000.0, -1001.0, -999.5]], grad=True)],
           params={"axis": -1})
    W.case(g, "var", "unbiased_axis0", [randn(3, 4)], params={"axis": 0, "unbiased": True})
    W.case(g, "var", "biased_all", [randn(3, 4)], params={"axis": None, "unbiased": False}, order=3)
    W.case(g, "norm", "vector", [randn(5)], order=3)
    W.case(g, "norm", "transposed", [randn(4, 3, views=[transpose(0, 1)])])


def linalg_cases(W):
    g = "linalg"
    W.case(g, "matmul", "2d", [randn(2, 3), randn(3, 4)])
    W.case(g, "matmul", "1d_2d", [randn(3), randn(3, 2)])
    W.case(g, "matmul", "batch_broadcast", [randn(2, 1, 2, 3), randn(3, 3, 2)])
    W.case(g, "matmul", "transposed", [randn(3, 2, views=[transpose(0, 1)]), randn(4, 3, views=[transpose(0, 1)])])
    W.case(g, "matmul", "one_side", [randn(2, 3, grad=False), randn(3, 4)])
    W.case(g, "dot", "vectors", [randn(5), randn(5)])
    W.case(g, "outer", "sliced", [randn(6, views=[index(("s", 1, None, 2))]), randn(2)])


def nn_cases(W):
    g = "nn"
    for op in ["softmax", "log_softmax"]:
        W.case(g, op, "last_axis", [randn(3, 4)], params={"axis": -1}, order=3)
        W.case(g, op, "axis0", [randn(3, 4)], params={"axis": 0})
        W.case(g, op, "3d_axis1", [randn(2, 3, 2)], params={"axis": 1})
        W.case(g, op, "transposed", [randn(4, 3, views=[transpose(0, 1)])], params={"axis": -1})
        W.case(g, op, "large", [const([[1000.0, 999.0, -1000.0], [-1000.0, -999.0, -1001.0]], grad=True)],
               params={"axis": -1})
    W.case(g, "mse_loss", "matrix", [randn(3, 4), randn(3, 4)], order=3)
    W.case(g, "mse_loss", "transposed", [randn(4, 3, views=[transpose(0, 1)]), randn(3, 4)])
    W.case(g, "cross_entropy", "batch", [randn(4, 3), const([0, 2, 1, 2])], order=3)
    W.case(g, "cross_entropy", "large", [const([[1000.0, -1000.0, 0.0], [-1000.0, 999.0, 1000.0]], grad=True),
                                         const([1, 2])])
    W.case(g, "cross_entropy", "transposed", [randn(3, 4, views=[transpose(0, 1)]), const([0, 1, 2, 0])])
    W.case(g, "nll_loss", "batch", [randn(4, 3), const([0, 2, 1, 2])])
    W.case(g, "bce_with_logits", "soft_targets_grad", [randn(5), uniform(0.0, 1.0, 5)], order=3)
    W.case(g, "bce_loss", "soft_targets", [uniform(0.05, 0.95, 4), uniform(0.0, 1.0, 4)], order=3)
    W.case(g, "layer_norm", "matrix", [randn(3, 4)], order=3)
    W.case(g, "layer_norm", "3d_eps", [randn(2, 2, 5)], params={"eps": 1e-3})
    W.case(g, "layer_norm", "transposed", [randn(4, 3, views=[transpose(0, 1)])])
    W.case(g, "linear", "bias", [randn(4, 3), randn(3, 2), randn(2)])
    W.case(g, "conv2d", "stride2_pad1", [randn(1, 2, 5, 6), randn(2, 2, 3, 3), randn(2)],
           params={"stride": 2, "padding": 1})
    W.case(g, "max_pool2d", "k2", [randn(1, 2, 4, 4)], params={"k": 2})


# The ops the task requires at least; main() fails if one lacks a case.
REQUIRED = ["tanh", "sigmoid", "exp", "log", "sqrt", "pow", "mul", "div", "softmax", "log_softmax",
            "logsumexp", "matmul", "gelu", "softplus", "mse_loss", "cross_entropy", "layer_norm"]


def main():
    W = Writer()
    scalar_cases(W)
    elementwise_cases(W)
    reduce_cases(W)
    linalg_cases(W)
    nn_cases(W)
    missing = set(REQUIRED) - {op for op, _ in W.names}
    if missing:
        sys.exit("ops without a case: %s" % sorted(missing))
    W.write()


if __name__ == "__main__":
    main()
