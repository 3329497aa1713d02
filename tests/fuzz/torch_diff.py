#!/usr/bin/python3
"""torch_diff.py - random differential testing of mg against PyTorch.

    /usr/bin/python3 tests/fuzz/torch_diff.py [--seed N] [--cases N] [--mg build/mg]
                                              [--op NAME] [--case I] [--show]
                                              [--device cuda]

Each case picks an op from the table in torch_diff_ops.py, random shapes
(0-d, size-1 and empty dimensions, broadcasting pairs, now and then wide or
big ones), f32 or f64 (now and then both), values by domain (now and then
nan and inf), and inputs that are often non-contiguous views made with mg
syntax (torch_diff_inputs.py). It then

  1. runs the op in torch, in the inputs' dtypes: the reference, or the
     error mg must also give (a shape mismatch, an axis out of range ...);
  2. writes an mg script: the inputs as literals, the op, `save(out, ...)`,
     the loss sum(out * w) for a random w differentiated in one of the
     FORMS below, and `save` of each input's gradient (`.npy`, read back
     exactly);
  3. compares the output (shape, dtype, values) and the gradients with
     |mg - torch| <= rtol * (|torch| + max(1, max|torch|)), rtol 1e-5 for f32
     and 1e-10 for f64, times the op's factor for long sums. A value passes
     if it is close to torch in the case's dtype or to torch run in float64.

A mismatch prints a reproducer (the mg script and the torch program, both
runnable as printed) and the run goes on. With TD_DUMP=1 in the
environment each torch program is written to stderr before it runs (torch
1.13 itself can crash on a rare program; the generator avoids those it
knows). The last line is
`torch_diff: N cases, K mismatches`; the exit status is 1 when K > 0.
The mg script of a case runs in a scratch directory, where it writes its
out.npy and grad_*.npy. `make check` does not run this (it needs torch);
docs/HARDENING.md says what it found.

--device cuda runs the mg side as `mg --device cuda`, so every tensor and
op is on the GPU while torch stays on the CPU: the CUDA kernels against
PyTorch. Without a GPU, MG_CUDA_LIB=build/cuda-emu/libmg_cuda_emu.so (made
by `make cuda-emu`) runs them on the host emulation (docs/GPU.md).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

sys.dont_write_bytecode = True          # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_diff_inputs import F32, F64, NP_DTYPE, Leaf, values  # noqa: E402
from torch_diff_ops import OPS, Case  # noqa: E402

import torch  # noqa: E402

RTOL = {F32: 1e-5, F64: 1e-10}
SECOND_ORDER_P = 0.25
MIXED_P = 0.12       # cases whose tensors have both dtypes
SPECIAL_P = 0.06     # cases whose values include nan and +-inf
PROMOTE = ("P = lambda *ts: [t.double() if any(u.dtype == torch.float64 for u in ts) else t"
           " for t in ts]   # SPEC 5: two dtypes give f64")


# FORMS: how a case differentiates (Program.form), in mg and in torch:
#   backward   backward(sum(out * w))                    loss.backward()
#   seed       backward(out, w): the seed given           out.backward(w)
#   twice      backward(loss, retain=true) twice: .grad accumulates (2x)
#   grads      grads(loss, [a0, ...]): no .grad touched   torch.autograd.grad
#   two        grads(loss, [a0, ...], retain=true), then grads(sum(out2 * w2), [a0, ...]):
#              two outputs of one graph (a case whose generator set Case.out2)
#   second     grads(..., create_graph=true), then backward of
#              sum(x * u) + sum(g * v): a Hessian-vector product plus u
FIRST_ORDER_FORMS = ["backward", "backward", "seed", "twice", "grads"]
TWO_OUTPUTS_P = 0.3     # cases with an out2 that take the form "two"
RETAINED_FORMS = ("backward", "seed", "twice")   # the forms that fill .grad of retained tensors

# torch's error -> what mg's must say: an error for the right reason
# (SPEC 6.5: a saved value modified in place is caught by the version counter)
MG_ERRORS = [("modified by an inplace operation", "was modified in place")]


class Program:
    """One case in both languages: the text and what it needs to compare."""

    def __init__(self, name, case, expr):
        self.name, self.case, self.expr = name, case, expr
        self.grad_leaves = [l for l in case.leaves if l.grad]
        self.weights = []          # Leaf: w, then v_i and u_i for a second order, or w2
        self.form = None           # None: forward only; else one of the forms above

    def retained(self):
        """The retained non-leaf tensors whose .grad this form fills."""
        return self.case.retained if self.form in RETAINED_FORMS else []

    # -- torch --------------------------------------------------------------

    def torch_forward(self, upcast=False):
        lines = ["import torch", "import torch.nn.functional as F", "from math import inf, nan"]
        if self.case.promotion() or upcast:
            lines.append(PROMOTE)
        for leaf in self.case.leaves:
            v = leaf if not upcast or leaf.kind == "classes" else Leaf(
                leaf.name, leaf.values.astype(np.float64), F64, leaf.grad, leaf.kind)
            lines.append("%s = %s" % (v.name, v.pt()))
        lines += [pt for _, pt in self.case.views]
        if self.case.promotion():
            lines.append(self.case.promotion())
        lines += [pt for _, pt in self.case.stmts]
        lines.append("out = " + self.expr.pt)
        return "\n".join(lines) + "\n"

    def torch_backward(self, upcast=False):
        """Ends with G, the list of gradients (None: no gradient)."""
        names = [l.name for l in self.grad_leaves]
        leaves = "[%s]" % ", ".join(names)
        lines = []
        for w in self.weights:
            v = w if not upcast else Leaf(w.name, w.values.astype(np.float64), F64, False)
            lines.append("%s = %s" % (v.name, v.pt()))
        lines.append("loss = (out * w).sum()")
        if self.form == "backward":
            lines.append("loss.backward()")
        elif self.form == "seed":
            lines.append("out.backward(w)")
        elif self.form == "twice":
            lines += ["loss.backward(retain_graph=True)", "loss.backward()"]
        elif self.form == "grads":
            lines.append("G = list(torch.autograd.grad(loss, %s, allow_unused=True))" % leaves)
        elif self.form == "two":
            lines.append("G = list(torch.autograd.grad(loss, %s, retain_graph=True, allow_unused=True))"
                         % leaves)
            lines.append("H = list(torch.autograd.grad((%s * w2).sum(), %s, allow_unused=True))"
                         % (self.case.out2, leaves))
        else:
            lines.append("g = torch.autograd.grad(loss, %s, create_graph=True, allow_unused=True)" % leaves)
            # torch 1.13's autograd.grad also accumulates into .grad of a
            # leaf copied into a slice (y[i] = a1); mg's grads() touches no .grad
            lines.append("%s = None" % " = ".join("%s.grad" % n for n in names))
            lines.append("loss2 = " + " + ".join("(%s * u%d).sum()" % (n, i) for i, n in enumerate(names)))
            for i in range(len(names)):
                lines.append("if g[%d] is not None: loss2 = loss2 + (g[%d] * v%d).sum()" % (i, i, i))
            lines.append("loss2.backward()")
        if self.form not in ("grads", "two"):
            lines.append("G = [%s]" % ", ".join("%s.grad" % n for n in names))
        lines.append("R = [%s]" % ", ".join("%s.grad" % n for n in self.retained()))
        return "\n".join(lines) + "\n"

    def torch_text(self):
        """The torch program as printed in a reproducer."""
        text = self.torch_forward()
        if self.form:
            return text + self.torch_backward() + "print(out, G)\n"
        return text + "print(out)\n"

    # -- mg -----------------------------------------------------------------

    def mg_text(self):
        lines = ["# torch_diff %s" % self.name]
        lines += ["let %s = %s" % (l.name, l.mg()) for l in self.case.leaves]
        lines += [mg for mg, _ in self.case.views]
        lines += [mg for mg, _ in self.case.stmts]
        lines.append("let out = " + self.expr.mg)
        lines.append('save(out, "out.npy")')
        if not self.form:
            return "\n".join(lines) + "\n"
        names = [l.name for l in self.grad_leaves]
        leaves = "[%s]" % ", ".join(names)
        lines += ["let %s = %s" % (w.name, w.mg()) for w in self.weights]
        lines.append("let loss = sum(out * w)")
        if self.form == "backward":
            lines.append("backward(loss)")
        elif self.form == "seed":
            lines.append("backward(out, w)")
        elif self.form == "twice":
            lines += ["backward(loss, retain=true)", "backward(loss)"]
        elif self.form == "grads":
            lines.append("let G = grads(loss, %s)" % leaves)
        elif self.form == "two":
            lines.append("let G = grads(loss, %s, retain=true)" % leaves)
            lines.append("let H = grads(sum(%s * w2), %s)" % (self.case.out2, leaves))
        else:
            lines.append("let g = grads(loss, %s, create_graph=true)" % leaves)
            terms = ["sum(%s * u%d)" % (n, i) for i, n in enumerate(names)]
            terms += ["sum(g[%d] * v%d)" % (i, i) for i in range(len(names))]
            lines.append("backward(%s)" % " + ".join(terms))
        for i, n in enumerate(names):
            if self.form == "two":
                lines.append('save(H[%d], "grad2_%s.npy")' % (i, n))
            if self.form in ("grads", "two"):
                lines.append('save(G[%d], "grad_%s.npy")' % (i, n))
            else:
                lines.append('if type(%s.grad) == "tensor" { save(%s.grad, "grad_%s.npy") }' % (n, n, n))
        for n in self.retained():
            lines.append('if type(%s.grad) == "tensor" { save(%s.grad, "rgrad_%s.npy") }' % (n, n, n))
        return "\n".join(lines) + "\n"


def run_torch(prog, upcast=False):
    """(error or None, namespace) of the torch program; the forward alone
    when the program has no weights yet."""
    env = {}
    try:
        if os.environ.get("TD_DUMP"):        # torch itself may crash on a program: see which
            sys.stderr.write(prog.torch_forward(upcast))
            sys.stderr.flush()
        exec(prog.torch_forward(upcast), env)
        if prog.form:
            exec(prog.torch_backward(upcast), env)
    except Exception as e:          # torch's errors are RuntimeError, IndexError, ValueError ...
        return "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else ""), env
    return None, env


def run_mg(mg, text, scratch, device=None):
    """(status, stderr, {file: array}) of the script run in an empty scratch dir
    (with `--device DEVICE` when given)."""
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    with open(os.path.join(scratch, "case.mg"), "w") as f:
        f.write(text)
    try:
        argv = [mg] + (["--device", device] if device else []) + ["case.mg"]
        p = subprocess.run(argv, cwd=scratch, capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, MG_HISTORY="/dev/null"))
    except subprocess.TimeoutExpired:
        return "timeout", "", {}
    files = {f: np.load(os.path.join(scratch, f)) for f in os.listdir(scratch) if f.endswith(".npy")}
    return p.returncode, p.stderr, files


def as_numpy(t):
    """A torch value as float64 numpy (bool and int64 results as 0/1 and indices)."""
    return t.detach().to(torch.float64).numpy()


def dtype_name(t):
    return {torch.float32: F32, torch.float64: F64}.get(t.dtype)


def compare(what, got, refs, rtol):
    """None when got is close to one of refs (same shape), else a message."""
    best = None
    for ref in refs:
        if got.shape != ref.shape:
            return "%s: mg shape %s, torch shape %s" % (what, list(got.shape), list(ref.shape))
        g, r = got.astype(np.float64), ref.astype(np.float64)
        finite = np.isfinite(r)
        scale = max(1.0, float(np.max(np.abs(r[finite]))) if finite.any() else 1.0)
        same_special = (np.isnan(g) & np.isnan(r)) | ((g == r) & ~finite)
        with np.errstate(invalid="ignore"):
            err = np.where(same_special, 0.0, np.abs(g - r))
        err = np.where(np.isnan(err), np.inf, err)
        bound = rtol * (np.abs(np.where(finite, r, 0)) + scale)
        bad = err > bound
        if not bad.any():
            return None
        i = np.unravel_index(int(np.argmax(np.where(bad, err / bound, 0))), g.shape) if g.ndim else ()
        msg = "%s: at %s mg %r, torch %r (%d of %d elements differ)" % (
            what, list(i), float(g[i]), float(r[i]), int(bad.sum()), bad.size)
        best = best or msg
    return best


def check(prog, native, ref64, status, stderr, files):
    """The differences between mg's run and torch's, as a list of messages."""
    t_err, env = native
    if status == "timeout":
        return ["mg did not finish in 60 s"]
    if status not in (0, 1) or (status == 1 and "error" not in stderr):
        return ["mg ended with status %s: %s" % (status, stderr.strip()[-300:])]
    if t_err and status == 0:
        return ["torch raises (%s) but mg gives no error" % t_err]
    if t_err:
        for pt_says, mg_says in MG_ERRORS:
            if pt_says in t_err and mg_says not in stderr:
                return ["torch raises (%s); mg's error should say \"%s\": %s"
                        % (t_err, mg_says, stderr.strip().splitlines()[0])]
        return []
    if status != 0:
        return ["mg raises but torch does not: " + stderr.strip().splitlines()[0]]
    out = env["out"]
    if "out.npy" not in files:
        return ["mg wrote no out.npy"]
    problems = []
    rtol_out = RTOL[dtype_name(out) or F64] * prog.expr.loose
    if dtype_name(out):
        want = dtype_name(out)
        got = {np.dtype(np.float32): F32, np.dtype(np.float64): F64}.get(files["out.npy"].dtype)
        if got != want:
            problems.append("out: mg dtype %s, torch %s" % (got, want))
    refs = [as_numpy(out)]
    if ref64[0] is None:
        refs.append(as_numpy(ref64[1]["out"]).astype(NP_DTYPE[dtype_name(out) or F64]))
    msg = compare("out", files["out.npy"], refs, rtol_out)
    if msg:
        problems.append(msg)
    compare_grads = bool(prog.form)
    if prog.case.special and not np.all(np.isfinite(refs[0])):
        # a nan or inf result has no agreed derivative: torch's fused
        # backward formulas and mg's chain rule through a composite give
        # inf or nan in different places (var of [1, 2, inf])
        compare_grads = False
    # (file prefix, torch's list, tensors): the leaves' gradients; of the
    # second output (form "two"); of the retained intermediates
    kinds = [("grad", "G", [(l.name, l.values.shape, l.dtype) for l in prog.grad_leaves])]
    if prog.form == "two":
        kinds.append(("grad2", "H", kinds[0][2]))
    kinds.append(("rgrad", "R", [(n, tuple(env[n].shape), dtype_name(env[n])) for n in prog.retained()]))
    for prefix, key, tensors in kinds if compare_grads else []:
        for i, (name, shape, dt) in enumerate(tensors):
            mine = files.get("%s_%s.npy" % (prefix, name))
            g64 = ref64[1][key][i] if ref64[0] is None else False
            msg = compare_grad(prog, out, "%s of %s" % (prefix, name), mine, env[key][i], g64, shape, dt)
            if msg:
                problems.append(msg)
    return problems


def compare_grad(prog, out, what, mine, t_grad, g64, shape, dt):
    """None when mg's gradient `mine` (None: mg has none) matches torch's
    t_grad (None: torch has none; g64 its float64 run, False when that run
    failed), else a message."""
    zeros = np.zeros(shape)
    if mine is None:
        if t_grad is not None and np.any(as_numpy(t_grad) != 0):
            return "%s: mg has none, torch has one" % what
        return None
    refs = [as_numpy(t_grad) if t_grad is not None else zeros]
    if g64 is not False:
        refs.append((as_numpy(g64) if g64 is not None else zeros).astype(NP_DTYPE[dt]))
    if prog.form == "second":
        what = "second-order " + what
    # a tensor element's gradient sums about out.numel / numel terms (more
    # through expand and broadcasting): rounding grows with their root
    terms = max(1.0, np.sqrt(out.numel() / max(int(np.prod(shape)), 1)))
    rtol = RTOL[F32 if prog.expr.f32_inside else dt] * prog.expr.loose * terms
    return compare(what, mine, refs, rtol * (4 if prog.form == "second" else 1))


def make_program(seed, index, only):
    """The case `index` of `seed`: its own generator, so one case can be
    rerun alone (--case)."""
    rng = np.random.default_rng([seed, index])
    ops = [o for o in OPS if not only or o[0] == only]
    weights = np.array([w for _, w, _ in ops], dtype=float)
    name, _, gen = ops[int(rng.choice(len(ops), p=weights / weights.sum()))]
    dtype = F32 if rng.random() < 0.5 else F64
    case = Case(rng, dtype, mixed=rng.random() < MIXED_P, special=rng.random() < SPECIAL_P)
    expr = gen(rng, case)
    return rng, Program("case %d (seed %d): %s" % (index, seed, name), case, expr)


def add_weights(rng, prog, out, env):
    """w for the loss sum(out * w); for a second order v_i and u_i too,
    for the form "two" w2 for sum(out2 * w2)."""
    dt = dtype_name(out)
    prog.weights = [Leaf("w", values(rng, list(out.shape), "normal", dt), dt, False)]
    prog.form = FIRST_ORDER_FORMS[int(rng.integers(len(FIRST_ORDER_FORMS)))]
    out2 = env.get(prog.case.out2)
    if out2 is not None and out2.requires_grad and rng.random() < TWO_OUTPUTS_P:
        prog.form = "two"
        dt2 = dtype_name(out2)
        prog.weights.append(Leaf("w2", values(rng, list(out2.shape), "normal", dt2), dt2, False))
        return
    if prog.expr.second and prog.grad_leaves and rng.random() < SECOND_ORDER_P:
        prog.form = "second"
        for i, l in enumerate(prog.grad_leaves):
            for name in ("v%d" % i, "u%d" % i):
                vals = values(rng, l.values.shape, "normal", l.dtype)
                prog.weights.append(Leaf(name, vals, l.dtype, False))


def run_case(args, index, scratch):
    rng, prog = make_program(args.seed, index, args.op)
    native = run_torch(prog)
    out = native[1].get("out")
    if native[0] is None and prog.expr.grad and isinstance(out, torch.Tensor) \
            and out.requires_grad and dtype_name(out):
        add_weights(rng, prog, out, native[1])
        native = run_torch(prog)
    ref64 = run_torch(prog, upcast=True) if native[0] is None else ("not run", {})
    mg_text = prog.mg_text()
    status, stderr, files = run_mg(args.mg, mg_text, scratch, args.device)
    problems = check(prog, native, ref64, status, stderr, files)
    if problems or args.show:
        print("=== %s %s" % ("MISMATCH" if problems else "ok", prog.name))
        for p in problems:
            print("  " + p)
        print("--- mg (writes out.npy and grad_*.npy)\n" + mg_text, end="")
        print("--- torch\n" + prog.torch_text(), flush=True)
    return bool(problems)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--mg", default="build/mg")
    ap.add_argument("--op", help="only this op of the table (e.g. matmul)")
    ap.add_argument("--case", type=int, help="only this case index of the seed")
    ap.add_argument("--show", action="store_true", help="print every case, not only mismatches")
    ap.add_argument("--device", choices=["cpu", "cuda"], help="run mg with --device DEVICE")
    args = ap.parse_args()
    args.mg = os.path.abspath(args.mg)
    if args.op and args.op not in [o[0] for o in OPS]:
        sys.exit("torch_diff: unknown op %s; ops: %s" % (args.op, " ".join(o[0] for o in OPS)))
    torch.set_num_threads(1)
    scratch = tempfile.mkdtemp(prefix="torch_diff.")
    indices = [args.case] if args.case is not None else range(args.cases)
    bad = 0
    try:
        for i in indices:
            bad += run_case(args, i, os.path.join(scratch, "case"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("torch_diff: %d cases, %d mismatches" % (len(indices), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    import warnings
    warnings.filterwarnings("ignore")     # torch's UserWarnings (var of one element, ...)
    sys.exit(main())
