#!/usr/bin/python3
"""print_diff.py - differential test of mg's tensor printing LAYOUT against PyTorch.

    /usr/bin/python3 tests/fuzz/print_diff.py [--seed N] [--cases N] [--mg build/mg]
                                              [--case I] [--keep DIR] [--show]
                                              [--device cuda]

SPEC 5 fixes mg's element format and says the layout is PyTorch's:
brackets and nesting, indentation, blank lines between the blocks of 3-D
and higher tensors, right alignment to one width, rows wrapped at 80
columns, summarization over 1000 elements (3 + 3 entries per dimension
around `...`), suffixes moving to a new line when too long, 0-d and empty
tensors. Each case draws

  - a shape: 0-d to 5-d with size-1 and empty dimensions, and now and then
    one that wraps or is summarized ([2000], [3, 400], [40, 40], [2, 3, 200],
    [1100, 1], a 5-d one over 1000 elements ...);
  - f32 or f64 values of one KIND, drawn so that torch picks the element
    format mg's rules pick (SPEC 5) - `int`: whole numbers with max/min <= 1000
    (both `%.0f`, torch adds a `.`); `fixed`: non-integers with 1e-4 <= |v| < 1e8
    and max/min < 1000 (both `%.4f`); `sci`: magnitudes past 1e8 or below
    1e-4 (both `%.4e`) - with negatives and zeros, and in some cases nan and
    +-inf; a draw whose formats still differ is drawn again;
  - how the tensor is printed: as loaded (`load("x.npy")`), through a
    strided view (`permute(x, [reversed axes])`), as a leaf (`param(x)`:
    suffix `grad`) or as an op result (`param(x) * 1`,
    `reshape(param(x), shape)`: `grad_fn=mul`, `grad_fn=reshape`).

The values go to mg exactly, through a .npy file. The expected text is
torch's own layout code (torch._tensor_str, default print options:
precision 4, threshold 1000, edgeitems 3, linewidth 80) with only the
documented differences applied:

  - whole numbers: torch prints `1.` and counts the `.` in the width; mg
    prints `1` (SPEC 5). The formatter is patched (MgIntFormatter) rather
    than the text, because the width decides how many entries fit a line;
  - suffixes are spelled mg's way (`f64`, `grad`, `grad_fn=mul`,
    `shape=[2, 0, 3]` for torch's `dtype=torch.float64`,
    `requires_grad=True`, `grad_fn=<MulBackward0>`, `size=(2, 0, 3)`) and
    placed by torch's _add_suffixes, so a long suffix moves to a new line
    exactly where torch would move one of that length.

Where mg differs on purpose the generator avoids the corner (see
`special_fits`; docs/DECISIONS.md "Numbers and printing").

--device cuda runs `mg --device cuda`, so every tensor is printed from the
GPU with its `cuda` suffix (without a GPU, MG_CUDA_LIB=build/cuda-emu/
libmg_cuda_emu.so, made by `make cuda-emu`, runs the host emulation).

A mismatch prints a reproducer: the replay command (`--case I --keep DIR`
writes x.npy, case.mg and case.py into DIR), both texts and the first line
that differs. The last line is `print_diff: N cases, K mismatches`; the exit
status is 1 when K > 0. `make check` does not run this (it needs torch);
docs/HARDENING.md says what it found.
"""
import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

sys.dont_write_bytecode = True          # no __pycache__ in the source tree
import torch  # noqa: E402
import torch._tensor_str as ts  # noqa: E402

PREFIX = "tensor("
BATCH = 100                              # cases per mg process
MARK = "@@print_diff case "

# Shapes that exercise one layout path each: wrapping, summarization of
# every rank, size-1 and empty dimensions.
LAYOUT_SHAPES = [
    [2000], [3, 400], [40, 40], [2, 3, 200], [1100, 1], [1, 1100], [1001],
    [1000], [7, 7, 7, 7], [2, 2, 2, 2, 130], [4, 260], [260, 4], [30],
    [12, 13], [2, 1, 90], [1, 1, 1, 1, 1], [0], [2, 0, 3], [0, 5], [1, 0],
    [], [1], [3, 1, 4, 1, 5], [11, 3, 3, 3, 3], [6, 7], [2, 2, 3, 40],
    # past 5-d up to mg's 8 dimensions (TN_MAX_DIMS): deep indents, long blank-line runs
    [2, 1, 2, 1, 2, 1, 2], [1, 2, 1, 2, 1, 2, 1, 3], [2, 2, 2, 2, 2, 2, 2, 9],
]


# ---------------------------------------------------------------- formats

class MgIntFormatter(ts._Formatter):
    """torch's formatter with mg's whole-number form: `1`, not `1.`.

    torch appends `.` to whole numbers and adds 1 to the width for it
    (only when some value is nonzero and finite: otherwise the width stays
    1). mg prints `%.0f` (SPEC 5), so both the text and the width lose it.
    Everything else (the other formats, nan and inf) is torch's."""

    def __init__(self, tensor):
        super().__init__(tensor)
        if self.floating_dtype and self.int_mode and not self.sci_mode and self.max_width > 1:
            self.max_width -= 1

    def format(self, value):
        if self.floating_dtype and self.int_mode and not self.sci_mode:
            ret = "{:.0f}".format(value)
            return (self.max_width - len(ret)) * " " + ret
        return super().format(value)


ts._Formatter = MgIntFormatter           # _tensor_str looks the class up at call time


def shown(t):
    """The entries a print shows: all, or the summarized corners."""
    if t.numel() > ts.PRINT_OPTS.threshold:
        return ts.get_summarized_data(t)
    return t


def torch_mode(t):
    f = ts._Formatter(shown(t))
    if f.sci_mode:
        return "%.4e"
    return "%.0f" if f.int_mode else "%.4f"


def mg_mode(t):
    """SPEC 5's rule over the shown entries (docs/DECISIONS.md: as torch)."""
    v = shown(t).double().reshape(-1)
    fin = v[torch.isfinite(v)]
    if bool(((fin == torch.floor(fin)) & (fin.abs() < 1e8)).all()):
        return "%.0f"
    nz = fin[fin != 0].abs()
    if bool((fin.abs() >= 1e8).any()) or (nz.numel() > 0 and float(nz.min()) < 1e-4):
        return "%.4e"
    return "%.4f"


def special_fits(t):
    """True when every shown nan, inf, -inf and -0 fits torch's width.

    torch measures the width over the nonzero finite entries only, so a
    `nan` next to `1` sticks out (`tensor([1., nan])`); mg measures every
    shown entry and aligns them all (SPEC 5: "right-aligned to one width";
    docs/DECISIONS.md "Numbers and printing"). Both agree exactly when no
    such entry is wider than torch's width, so the generator keeps to that."""
    s = shown(t)
    f = ts._Formatter(s)
    v = s.double().reshape(-1)
    odd = v[~torch.isfinite(v) | ((v == 0) & (torch.copysign(torch.ones_like(v), v) < 0))]
    return all(len(f.format(float(x)).lstrip()) <= f.width() for x in odd.tolist())


# ---------------------------------------------------------------- cases

class Case:
    def __init__(self, seed, index, cuda=False):
        self.seed, self.index, self.cuda = seed, index, cuda
        rng = np.random.default_rng([seed, index])
        self.shape = self.draw_shape(rng)
        self.dtype = np.float64 if rng.random() < 0.3 else np.float32
        self.kind = ["int", "fixed", "sci"][rng.integers(3)]
        self.specials = rng.random() < 0.2
        self.form = ["load", "load", "permute", "leaf", "mul", "reshape"][rng.integers(6)]
        if self.form == "reshape" and len(self.shape) == 0:
            self.form = "mul"
        for attempt in range(200):
            if attempt == 100:      # nan or inf keep sticking out: draw without them
                self.specials = False
            self.values = self.draw_values(rng)
            t = self.printed()
            if t.numel() == 0 or (torch_mode(t) == mg_mode(t) and special_fits(t)):
                break
        else:
            raise AssertionError("case %d: no draw where torch and mg pick one format" % index)

    @staticmethod
    def draw_shape(rng):
        if rng.random() < 0.3:
            return list(LAYOUT_SHAPES[rng.integers(len(LAYOUT_SHAPES))])
        nd = int(rng.integers(6))
        shape = []
        for _ in range(nd):
            r = rng.random()
            if r < 0.04:
                shape.append(0)
            elif r < 0.25:
                shape.append(1)
            elif r < 0.85:
                shape.append(int(rng.integers(2, 8)))
            else:
                shape.append(int(rng.integers(8, 60)))
        while np.prod(shape, dtype=np.int64) > 20000:   # keep a case fast
            shape[int(np.argmax(shape))] //= 2
        return shape

    def draw_values(self, rng):
        n = int(np.prod(self.shape, dtype=np.int64))
        sign = np.where(rng.random(n) < 0.4, -1.0, 1.0)
        if self.kind == "int":
            # max/min <= 1000 over nonzero entries, |v| < 1e8: torch stays in int mode
            base = 10.0 ** rng.integers(0, 5)
            top = 999 if rng.random() < 0.5 else int(rng.integers(2, 30))
            mag = base * rng.integers(1, top + 1, n)
        elif self.kind == "fixed":
            # 1e-4 <= |v| and max < 1e8 and max/min < 1000: "%.4f" for both
            lo = 10.0 ** rng.uniform(-3.9, 4.9)
            span = 10.0 ** rng.uniform(0.1, 2.9)
            mag = lo * np.exp(rng.uniform(0, math.log(span), n))
        else:
            # some magnitude past 1e8 or below 1e-4: "%.4e" for both (kept
            # inside f32's normal range, so nothing becomes 0, -0 or inf)
            lo = 10.0 ** rng.uniform(-30, 9)
            span = 10.0 ** rng.uniform(0, 20)
            mag = np.minimum(lo * np.exp(rng.uniform(0, math.log(span), n)), 1e30)
        v = sign * mag
        v[rng.random(n) < 0.1] = 0.0
        v[rng.random(n) < 0.02] = -0.0       # `-0` (docs/DECISIONS.md), kept where it fits
        if self.specials and n > 0:
            k = int(rng.integers(1, 4))
            pos = rng.integers(0, n, k)
            v[pos] = rng.choice([np.nan, np.inf, -np.inf], k)
        return v.astype(self.dtype).reshape(self.shape)

    # -- the two programs

    def printed(self):
        """The torch tensor the mg program prints."""
        t = torch.from_numpy(self.values)
        if self.form == "permute":
            t = t.permute(tuple(reversed(range(t.dim()))))
        return t

    def mg_lines(self, path):
        load = 'load("%s")' % path
        axes = list(reversed(range(len(self.shape))))
        expr = {"load": load, "permute": "permute(%s, %s)" % (load, axes), "leaf": "param(%s)" % load, "mul": "param(%s) * 1" % load,
                "reshape": "reshape(param(%s), %s)" % (load, list(self.shape))}[self.form]
        return ["print(%s)" % expr]

    def suffixes(self):
        """The suffixes mg writes, in torch's order (SPEC 5)."""
        s = []
        t = self.printed()
        if t.numel() == 0 and t.dim() != 1:
            s.append("shape=[%s]" % ", ".join(str(d) for d in t.shape))
        if self.dtype == np.float64:
            s.append("f64")
        if self.cuda:
            s.append("cuda")
        if self.form == "leaf":
            s.append("grad")
        elif self.form in ("mul", "reshape"):
            s.append("grad_fn=" + self.form)
        return s

    def expected(self):
        t = self.printed()
        body = "[]" if t.numel() == 0 else ts._tensor_str(t, len(PREFIX))
        text = ts._add_suffixes(PREFIX + body, self.suffixes(), len(PREFIX), False)
        if not self.suffixes():
            assert text == repr(t), "the composition must be torch's own repr"
        return text

    def describe(self):
        return "shape %s, %s%s, %s values%s, printed as %s" % (
            self.shape, "f64" if self.dtype == np.float64 else "f32", ", cuda" if self.cuda else "", self.kind,
            " with nan/inf" if self.specials else "", self.form)

    def keep(self, d):
        """Write a runnable reproducer into d: x.npy, case.mg, case.py."""
        os.makedirs(d, exist_ok=True)
        np.save(os.path.join(d, "x.npy"), self.values)
        with open(os.path.join(d, "case.mg"), "w") as f:
            f.write("\n".join(self.mg_lines("x.npy")) + "\n")
        with open(os.path.join(d, "case.py"), "w") as f:
            f.write("import numpy as np, torch\n"
                    "t = torch.from_numpy(np.load('x.npy'))\n"
                    "%s"
                    "print(t)   # mg: %s\n" % (
                        "t = t.permute(tuple(reversed(range(t.dim()))))\n" if self.form == "permute" else "",
                        ", ".join(self.suffixes() or ["no suffix"])))


# ---------------------------------------------------------------- running

def run_batch(mg, flags, cases, scratch):
    """One mg process prints every case of the batch between markers."""
    lines = []
    for c in cases:
        name = "x%d.npy" % c.index
        np.save(os.path.join(scratch, name), c.values)
        lines.append('print("%s%d")' % (MARK, c.index))
        lines += c.mg_lines(name)
    script = os.path.join(scratch, "batch.mg")
    with open(script, "w") as f:
        f.write("\n".join(lines) + "\n")
    p = subprocess.run([mg] + flags + ["batch.mg"], cwd=scratch, capture_output=True, text=True,
                       env=dict(os.environ, MG_HISTORY="/dev/null"), timeout=600)
    got, cur = {}, None
    for line in p.stdout.split("\n"):
        if line.startswith(MARK):
            cur = int(line[len(MARK):])
            got[cur] = []
        elif cur is not None:
            got[cur].append(line)
    out = {i: "\n".join(ls).rstrip("\n") for i, ls in got.items()}
    return out, p


def first_diff(a, b):
    al, bl = a.split("\n"), b.split("\n")
    for i in range(max(len(al), len(bl))):
        x = al[i] if i < len(al) else "<none>"
        y = bl[i] if i < len(bl) else "<none>"
        if x != y:
            return i + 1, x, y
    return 0, "", ""


def report(c, want, got, prog, err):
    line, w, g = first_diff(want, got)
    print("=" * 72)
    print("MISMATCH case %d (seed %d): %s" % (c.index, c.seed, c.describe()))
    print("replay: /usr/bin/python3 tests/fuzz/print_diff.py --mg %s%s --seed %d --case %d --keep DIR"
          "   (DIR/case.mg, DIR/case.py)" % (prog, " --device cuda" if c.cuda else "", c.seed, c.index))
    print("mg: " + " ".join(c.mg_lines("x.npy")))
    print("--- torch layout (expected):\n" + want)
    print("--- mg printed:\n" + got)
    print("--- line %d differs:\n  torch: %r\n  mg:    %r" % (line, w, g))
    if err:
        print("--- mg stderr:\n" + err.strip())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--mg", default="build/mg")
    ap.add_argument("--case", type=int, help="run only this case of the seed")
    ap.add_argument("--keep", help="with --case: write x.npy, case.mg, case.py here")
    ap.add_argument("--show", action="store_true", help="print every case's text")
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu",
                    help="cuda: run mg with --device cuda (suffix `cuda`)")
    a = ap.parse_args()
    torch.set_printoptions(profile="default")   # precision 4, threshold 1000, edgeitems 3, linewidth 80
    mg = os.path.abspath(a.mg)
    indexes = [a.case] if a.case is not None else list(range(a.cases))
    scratch = tempfile.mkdtemp(prefix="print_diff_")
    total = bad = 0
    try:
        for b in range(0, len(indexes), BATCH):
            cases = [Case(a.seed, i, a.device == "cuda") for i in indexes[b:b + BATCH]]
            if a.keep:
                cases[0].keep(a.keep)
            flags = ["--device", "cuda"] if a.device == "cuda" else []
            out, p = run_batch(mg, flags, cases, scratch)
            for c in cases:
                total += 1
                want = c.expected()
                got = out.get(c.index)
                if a.show:
                    print("case %d: %s\n%s" % (c.index, c.describe(), want))
                if got != want:
                    bad += 1
                    report(c, want, "<no output>" if got is None else got, a.mg,
                           p.stderr if p.returncode != 0 or got is None else "")
    finally:
        shutil.rmtree(scratch)
    print("print_diff: %d cases, %d mismatches" % (total, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
