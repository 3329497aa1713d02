"""torch_diff_graphs.py - random autograd graphs for torch_diff: the `graph` entry of the op table.

The other entries test one op (or a chain of two); the autograd engine's own
risks lie in the graph's structure, which is what this generator varies. A
case is a program of 3 to 8 steps over 1 to 3 leaves, each step one
statement `let hK = ...` in both languages:

- values used by several later steps (fan-out: gradients accumulate over
  every path), and the same tensor twice in one op (`h * h`,
  `matmul(h, h.T)`);
- elementwise ops, broadcasting, reductions with and without keepdim, views
  (slices, transpose, expand, reshape, unsqueeze), matmul, softmax and
  log_softmax, where and maximum, losses;
- `detach(h)` and `h.data`, a `no_grad { }` block, `retain_grad(h)` on an
  intermediate (its .grad is compared with torch's retain_grad too);
- in-place updates of a non-leaf intermediate (`+=`, `*=`, index assignment,
  also inside no_grad): allowed where nothing saved the old value, and an
  error at backward where something did. torch is the oracle: when it
  raises "modified by an inplace operation", mg must give its version error
  (SPEC 6.5, checked by torch_diff.MG_ERRORS);
- sometimes a second output `out2` (a used intermediate), for the form
  `grads(loss, ..., retain=true)` then `grads(sum(out2 * w2), ...)`.

The final `out` is the last value, sometimes plus the sum of another one,
and torch_diff differentiates it in any of its forms (backward twice with
retain, grads, second order ...).

Where mg differs from torch on purpose the generator avoids the corner,
citing docs/DECISIONS.md:
- an in-place update through a view is recorded on its base, as torch's
  CopySlices ("Tensors"): views made by step_view (not detach or .data, not
  expand, whose elements share memory, not views of a leaf) may be updated,
  and every value sharing the base then carries the value's gradient; no
  value sharing the base is retained;
- an in-place update whose value shares the target's memory ("In-place
  updates": mg reads a copy, torch refuses): never made;
- values that a composite op (logsumexp, mse_loss, cross_entropy) or torch
  1.13's mean along an axis saves differently ("In-place updates": which
  values a node saves): not updated in place (Graph.saves_apart);
- `x.data` has its own version counter in torch, shares x's in mg ("In-place
  updates"): x is not updated after `x.data` was taken;
- ties of `maximum` ("Ties"): its operands come from disjoint leaves (a
  detached copy counts as its source);
- one dtype per case: an in-place update keeps its target's dtype, while
  torch_diff's promotion line would make every operand f64 (SPEC 5).
"""
import numpy as np

from torch_diff_inputs import num


class Val:
    """A value of the program. view_of: the value whose storage it shares
    (a view, detach or .data), or "leaf"; grad: it requires grad."""

    def __init__(self, name, shape, grad, view_of=None, leaves=()):
        self.name, self.shape, self.grad, self.view_of = name, list(shape), grad, view_of
        self.leaves = frozenset(leaves)       # the leaves it depends on (for maximum's ties)
        self.live = True                      # False: a view of a value updated in place since
        self.uses = 0
        self.apart = False                    # the version check may fire apart (Graph.saves_apart)
        self.data_of = None                   # the value this is `.data` of
        self.view_kind = None                 # step_view's kind, for a view it made
        self.no_retain = False                # a view of an updated base (no_retain_views)


def pick(rng, seq):
    return seq[int(rng.integers(len(seq)))]


def broadcasts(a, b):
    try:
        return list(np.broadcast_shapes(tuple(a), tuple(b)))
    except ValueError:
        return None


class Graph:
    def __init__(self, rng, c):
        self.rng, self.c = rng, c
        self.vals = []
        self.retained = []       # names whose .grad is compared
        self.inplace_ok = True   # the 0-size corner gets none (see step_inplace)

    # -- values ---------------------------------------------------------------

    def emit(self, mg, pt):
        self.c.stmts.append((mg, pt))

    def new(self, mg, pt, shape, grad, view_of=None, leaves=()):
        name = "h%d" % sum(1 for v in self.vals if v.name.startswith("h"))
        self.emit("let %s = %s" % (name, mg), "%s = %s" % (name, pt))
        v = Val(name, shape, grad, view_of, leaves)
        self.vals.append(v)
        return v

    def live(self, cond=lambda v: True):
        return [v for v in self.vals if v.live and cond(v)]

    def operand(self, cond=lambda v: True):
        """A live value meeting cond: half the time the newest (a chain),
        else any (fan-out from older values); None when none fits."""
        cands = self.live(cond)
        if not cands:
            return None
        v = cands[-1] if self.rng.random() < 0.5 else pick(self.rng, cands)
        v.uses += 1
        return v

    def derived(self, mg, pt, shape, *ins, view_of=None):
        grad = any(v.grad for v in ins)
        return self.new(mg, pt, shape, grad, view_of, frozenset().union(*(v.leaves for v in ins)))

    # -- leaves ---------------------------------------------------------------

    def add_leaves(self):
        """1 to 3 leaves of related shapes ([m, n], [n], [m, 1], [n, m] ...),
        so that most pairs broadcast or multiply."""
        r, c = self.rng, self.c
        m, n = (int(v) for v in r.integers(1, 5, 2))
        if r.random() < 0.04:
            m = 0                      # an empty dimension through the whole graph
            self.inplace_ok = False
        shapes = [[m, n], [n], [m, 1], [1, n], [n, m], [], [m, n]]
        for i in range(int(r.integers(1, 4))):
            s = [m, n] if i == 0 else pick(r, shapes)
            grad = i == 0 or r.random() < 0.8
            name = c.tensor(s, "normal", grad=grad, dtype=c.dtype)
            self.vals.append(Val(name, s, grad, "leaf", [name]))

    # -- steps ----------------------------------------------------------------

    def step_unary(self):
        x = self.operand()
        mg_f, pt_f = pick(self.rng, [
            ("tanh({0})", "torch.tanh({0})"), ("sigmoid({0})", "torch.sigmoid({0})"),
            ("sin({0})", "torch.sin({0})"), ("{0} * {0}", "{0} * {0}"),
            ("exp(-{0} * {0})", "torch.exp(-{0} * {0})"), ("{0} * 0.5 + 1.0", "{0} * 0.5 + 1.0"),
            ("relu({0})", "torch.relu({0})"), ("-{0}", "-{0}"), ("exp({0})", "torch.exp({0})"),
        ])
        return self.derived(mg_f.format(x.name), pt_f.format(x.name), x.shape, x)

    def step_binary(self):
        a = self.operand()
        op = pick(self.rng, ["+", "-", "*", "*", "+"])
        if self.rng.random() < 0.2:
            b = a                                        # the same tensor twice
        else:
            b = self.operand(lambda v: v is not a and broadcasts(v.shape, a.shape) is not None)
            if b is None:
                e = "%s %s %s" % (a.name, op, num(round(float(self.rng.standard_normal()), 3)))
                return self.derived(e, e, a.shape, a)
        if self.rng.random() < 0.5:
            a, b = b, a
        e = "%s %s %s" % (a.name, op, b.name)
        return self.derived(e, e, broadcasts(a.shape, b.shape), a, b)

    def step_reduce(self):
        x = self.operand()
        f = pick(self.rng, ["sum", "mean", "max", "logsumexp", "sum"])
        if not x.shape or (f == "max" and 0 in x.shape):
            e = "sum(%s)" % x.name
            return self.derived(e, "torch.sum(%s)" % x.name, [], x)
        nd = len(x.shape)
        ax = int(self.rng.integers(nd))
        axt = ax - nd if self.rng.random() < 0.4 else ax
        keep = self.rng.random() < 0.6
        shape = list(x.shape)
        if keep:
            shape[ax] = 1
        else:
            del shape[ax]
        mg = "%s(%s, axis=%d, keepdim=%s)" % (f, x.name, axt, "true" if keep else "false")
        pt = "torch.%s(%s, %d, keepdim=%s)%s" % (f, x.name, axt, keep, ".values" if f == "max" else "")
        # torch 1.13's mean along an axis saves its input (for its sizes), mg's
        # rule reads nothing; logsumexp is a composite in mg
        return self.saves_apart(f == "logsumexp" or f == "mean", self.derived(mg, pt, shape, x), x)

    def step_view(self):
        v = self.make_view()
        v.view_kind = v.view_kind or "view"
        return v

    def make_view(self):
        r = self.rng
        x = self.operand()
        s, nd = x.shape, len(x.shape)
        kind = pick(r, ["transpose", "slice", "expand", "reshape", "unsqueeze", "index"])
        if kind == "expand" and 1 in s:
            t = [int(r.integers(2, 4)) if d == 1 else d for d in s]
            v = self.derived("expand(%s, %s)" % (x.name, t), "%s.expand(%s)" % (x.name, t), t, x,
                             view_of=x)
            v.view_kind = "expand"
            return v
        if kind == "transpose" and nd >= 2:
            if nd == 2 and r.random() < 0.5:
                return self.derived("%s.T" % x.name, "%s.T" % x.name, [s[1], s[0]], x, view_of=x)
            t = [s[1], s[0]] + s[2:]
            return self.derived("transpose(%s, 0, 1)" % x.name, "%s.transpose(0, 1)" % x.name, t, x,
                                view_of=x)
        if kind == "slice" and nd >= 1 and s[0] >= 1:
            a = int(r.integers(0, s[0]))
            b = int(r.integers(a, s[0] + 2))            # may pass the end: clamped
            idx = "%d:%d" % (a, b)
            return self.derived("%s[%s]" % (x.name, idx), "%s[%s]" % (x.name, idx),
                                [min(b, s[0]) - a] + s[1:], x, view_of=x)
        if kind == "index" and nd >= 1 and s[0] >= 1:
            i = int(r.integers(-s[0], s[0]))
            return self.derived("%s[%d]" % (x.name, i), "%s[%d]" % (x.name, i), s[1:], x, view_of=x)
        if kind == "reshape":
            n = int(np.prod(s))
            t = [n] if n <= 1 or r.random() < 0.5 else [1, n]
            # a reshape may share storage, but not always the same in both:
            # torch's elementwise ops give non-contiguous inputs outputs of
            # their strides, whose reshape is a copy where mg's is a view. So
            # it is never updated, nor used after its base is (Graph.updated)
            v = self.derived("reshape(%s, %s)" % (x.name, t), "%s.reshape(%s)" % (x.name, t), t, x,
                             view_of=x)
            v.view_kind = "reshape"
            return v
        return self.derived("unsqueeze(%s, 0)" % x.name, "%s.unsqueeze(0)" % x.name, [1] + s, x,
                            view_of=x)

    def step_matmul(self):
        r = self.rng
        a = self.operand(lambda v: len(v.shape) == 2)
        if a is None:
            return self.step_binary()
        m, k = a.shape
        form = r.random()
        if form < 0.35:                                   # the same tensor twice
            if r.random() < 0.5:
                return self.derived("matmul(%s, %s.T)" % (a.name, a.name),
                                    "torch.matmul(%s, %s.T)" % (a.name, a.name), [m, m], a)
            return self.derived("matmul(transpose(%s, 0, 1), %s)" % (a.name, a.name),
                                "torch.matmul(%s.transpose(0, 1), %s)" % (a.name, a.name), [k, k], a)
        b = self.operand(lambda v: len(v.shape) in (1, 2) and v.shape[0] == k)
        if b is None:
            return self.derived("%s @ %s.T" % (a.name, a.name), "%s @ %s.T" % (a.name, a.name), [m, m], a)
        return self.derived("matmul(%s, %s)" % (a.name, b.name), "torch.matmul(%s, %s)" % (a.name, b.name),
                            [m] + b.shape[1:], a, b)

    def step_softmax(self):
        x = self.operand(lambda v: len(v.shape) >= 1)
        if x is None:
            return self.step_unary()
        f = pick(self.rng, ["softmax", "log_softmax"])
        ax = int(self.rng.integers(len(x.shape)))
        return self.derived("%s(%s, %d)" % (f, x.name, ax), "torch.%s(%s, %d)" % (f, x.name, ax), x.shape, x)

    def step_select(self):
        a = self.operand()
        b = self.operand(lambda v: v is not a and broadcasts(v.shape, a.shape) is not None)
        if b is None:
            return self.step_unary()
        s = broadcasts(a.shape, b.shape)
        if not (a.leaves & b.leaves) and self.rng.random() < 0.4:
            # disjoint leaves: no ties, where mg gives a the whole gradient
            # and torch splits it (docs/DECISIONS.md "Ties")
            f = pick(self.rng, ["maximum", "minimum"])
            return self.derived("%s(%s, %s)" % (f, a.name, b.name), "torch.%s(%s, %s)" % (f, a.name, b.name),
                                s, a, b)
        return self.derived("where(%s > %s, %s, %s)" % (a.name, b.name, a.name, b.name),
                            "torch.where(%s > %s, %s, %s)" % (a.name, b.name, a.name, b.name), s, a, b)

    def step_loss(self):
        r = self.rng
        if r.random() < 0.5:
            x = self.operand(lambda v: len(v.shape) == 2 and v.shape[0] >= 1 and v.shape[1] >= 1)
            if x is not None:
                cls = self.c.classes([x.shape[0]], x.shape[1])
                return self.saves_apart(True, self.derived("cross_entropy(%s, %s)" % (x.name, cls),
                                                         "F.cross_entropy(%s, %s)" % (x.name, cls), [], x), x)
        a = self.operand()
        # same shapes only (docs/DECISIONS.md "mse_loss, bce_loss and bce_with_logits ...")
        b = self.operand(lambda v: v.shape == a.shape)
        return self.saves_apart(True, self.derived("mse_loss(%s, %s)" % (a.name, b.name),
                                                 "F.mse_loss(%s, %s)" % (a.name, b.name), [], a, b), a, b)

    @staticmethod
    def saves_apart(yes, out, *ins):
        """Marks out and its inputs when the op saves other values than
        torch's (docs/DECISIONS.md "In-place updates": a composite saves its
        own intermediates, torch's fused op its inputs or output; torch 1.13's
        mean along an axis saves its input), so an in-place update of them
        would meet the version check in one language only: none is made."""
        if yes:
            for v in (out,) + ins:
                v.apart = True
        return out

    def step_detach(self):
        x = self.operand()
        # the same values as x, so the same leaves (maximum must not meet it: ties)
        if self.rng.random() < 0.5:
            v = self.new("detach(%s)" % x.name, "%s.detach()" % x.name, x.shape, False, x, x.leaves)
        else:
            # torch's .data has a version counter of its own, mg's shares x's
            # (docs/DECISIONS.md "In-place updates"): x is not updated after this
            v = self.new("%s.data" % x.name, "%s.data" % x.name, x.shape, False, x, x.leaves)
            v.data_of = x
        # used at once, beside the value it was taken from: only one path has a gradient
        return self.derived("%s * %s" % (v.name, x.name), "%s * %s" % (v.name, x.name), x.shape, x, v)

    def step_no_grad(self):
        """A value computed under no_grad: no history, so no gradient
        through it; sometimes an in-place update of a saved value instead
        (it bumps the version counter all the same)."""
        t = self.inplace_target()
        if self.rng.random() < 0.3 and t is not None and self.base_of(t) is t:
            self.emit("no_grad { %s += 0.5 }" % t.name, "with torch.no_grad(): %s += 0.5" % t.name)
            self.no_retain_views(t)
            return t
        x = self.operand()
        name = "h%d" % sum(1 for v in self.vals if v.name.startswith("h"))
        self.emit("let %s = 0\nno_grad { %s = tanh(%s) * 2.0 }" % (name, name, x.name),
                  "with torch.no_grad(): %s = torch.tanh(%s) * 2.0" % (name, x.name))
        v = Val(name, x.shape, False, None, x.leaves)
        self.vals.append(v)
        return v

    def step_retain(self):
        cands = self.live(lambda v: v.grad and v.view_of != "leaf" and v.name not in self.retained
                          and not v.no_retain)
        if not cands:
            return self.step_unary()
        t = pick(self.rng, cands)
        self.emit("retain_grad(%s)" % t.name, "%s.retain_grad()" % t.name)
        self.retained.append(t.name)
        return t

    def base_of(self, v):
        """The value whose storage v reads, through step_view's views only;
        None when the chain has a detach, .data or expand, or ends at a leaf."""
        while isinstance(v.view_of, Val):
            if v.view_kind in (None, "expand", "reshape"):
                return None
            v = v.view_of
        return v if v.view_of is None else None

    def inplace_target(self):
        """A value that may be updated in place, or None: made by an op, or
        a view of one (docs/DECISIONS.md "Tensors": the update is recorded on
        the base); no value sharing its base is retained, saved apart
        (saves_apart) or seen through `.data` (step_detach)."""
        def ok(v):
            base = self.base_of(v)
            if base is None:
                return False
            near = [w for w in self.vals if self.shares(w, base)]       # the base and its views
            return (not any(w.apart or w.name in self.retained for w in near)
                    and not any(w.data_of and self.shares(w.data_of, base) for w in self.vals))
        cands = self.live(ok) if self.inplace_ok else []
        # prefer a value something already used: its old value may be saved
        used = [v for v in cands if v.uses]
        if used and self.rng.random() < 0.6:
            return pick(self.rng, used)
        return cands[-1] if cands else None

    def shares(self, v, t):
        """v is t or a view (detach, .data) of it, maybe through others."""
        while isinstance(v, Val):
            if v is t:
                return True
            v = v.view_of
        return False

    def no_retain_views(self, t):
        """torch 1.13 can crash (segmentation fault) on retain_grad() of a
        view whose base was updated in place: views of t are not retained."""
        for w in self.vals:
            if w is not t and self.shares(w, t):
                w.no_retain = True

    def updated(self, t, v):
        """After t was updated (with v, or a number when v is None): the base
        of t and every view of it read the new values, so they depend on v
        as t does (torch regenerates their history from the base's). A
        reshape of the base may be a copy in torch (make_view): not used
        again, nor anything viewing it."""
        base = self.base_of(t)
        self.no_retain_views(base)
        for w in self.vals:
            if not self.shares(w, base) or w.view_of == "leaf":
                continue
            u = w
            while u is not base:
                if u.view_kind == "reshape":
                    w.live = False
                u = u.view_of
            if v is not None:
                w.grad = w.grad or v.grad
                w.leaves = w.leaves | v.leaves

    def step_inplace(self):
        """t op= v or t[i] = v. v never shares t's storage: mg reads such a
        v as it was before the write, torch refuses the overlap
        (docs/DECISIONS.md "In-place updates")."""
        r = self.rng
        t = self.inplace_target()
        if t is None:
            return self.step_unary()
        base = self.base_of(t)
        op = pick(r, ["+=", "-=", "*=", "*=", "/=", "[]"])
        v = None
        if op == "[]" and t.shape and t.shape[0] >= 1:
            i = int(r.integers(0, t.shape[0]))
            region = t.shape[1:]
            v = self.operand(lambda u: not self.shares(u, base) and broadcasts(u.shape, region) == region)
            val = v.name if v is not None else num(round(float(r.standard_normal()), 3))
            self.emit("%s[%d] = %s" % (t.name, i, val), "%s[%d] = %s" % (t.name, i, val))
        else:
            op = "+=" if op == "[]" else op
            if op != "/=" and r.random() < 0.7:
                v = self.operand(lambda u: not self.shares(u, base) and broadcasts(u.shape, t.shape) == t.shape)
            if v is not None:
                self.emit("%s %s %s" % (t.name, op, v.name), "%s %s %s" % (t.name, op, v.name))
            else:
                k = num(round(float(r.uniform(0.5, 2.0)), 3))
                self.emit("%s %s %s" % (t.name, op, k), "%s %s %s" % (t.name, op, k))
        self.updated(t, v)
        return t


# (step, weight): how often a step is picked (Graph.step_NAME)
STEPS = [("unary", 3), ("binary", 4), ("reduce", 2), ("view", 3), ("matmul", 2), ("softmax", 1),
         ("select", 1), ("loss", 1), ("detach", 1), ("no_grad", 1), ("retain", 1), ("inplace", 2)]


def gen_graph(rng, c):
    """The `graph` entry of torch_diff_ops.OPS: 3 to 8 random steps; out is
    the last value with a gradient, sometimes plus the sum of another; sets
    c.retained (compared .grad) and maybe c.out2 (the form "two")."""
    from torch_diff_ops import Expr          # here: torch_diff_ops imports this module
    g = Graph(rng, c)
    g.add_leaves()
    names = [n for n, _ in STEPS]
    weights = np.array([w for _, w in STEPS], dtype=float)
    for _ in range(int(rng.integers(3, 9))):
        kind = names[int(rng.choice(len(names), p=weights / weights.sum()))]
        getattr(g, "step_" + kind)()
    last = (g.live(lambda v: v.grad) or g.live())[-1]      # one with a gradient if any
    mg = pt = last.name
    other = g.live(lambda v: v is not last and v.grad and v.view_of != "leaf")
    if other and rng.random() < 0.5:
        o = pick(rng, other)
        mg, pt = "%s + sum(%s)" % (last.name, o.name), "%s + torch.sum(%s)" % (last.name, o.name)
    c.retained = list(g.retained)
    used = [v.name for v in g.live(lambda v: v.grad and v.view_of != "leaf" and v is not last)]
    if used and rng.random() < 0.5:
        c.out2 = pick(rng, used)
    return Expr(mg, pt, loose=4.0)
