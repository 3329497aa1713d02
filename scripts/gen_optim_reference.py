#!/usr/bin/python3
"""gen_optim_reference.py - PyTorch trajectories for mg's optimizers.

Run once, by hand, with the distribution's python3-torch:

    /usr/bin/python3 scripts/gen_optim_reference.py   # writes tests/reference/optim/*.txt

The files are committed; tests/unit/test_optim.c runs the same problem in mg
and compares every step.

The problem: linear regression with a fixed (not random) design,
    loss = mean((X @ w + b - y) ** 2),   X: [8, 3], y: [8], w: [3], b: [1],
plus a third parameter `unused` that never receives a gradient: its .grad
stays None, so the optimizer must skip it (and leave it as it was).
Each step is: loss.backward(); opt.step(); opt.zero_grad().

File format: plain text, '#' lines are comments.
    X 8 3 VALUES...          the design, row-major, %.17g
    y 8 VALUES...
    w0 3 VALUES...           initial w
    b0 1 VALUES...           initial b
    unused 2 VALUES...       initial (and final) value of the unused parameter
    optimizer MG-EXPRESSION  the mg call that makes the optimizer; `params`
                             stands for [w, b, unused]
    steps DTYPE 50           then 50 lines: w (3 values) and b (1 value) after
                             each step, computed in DTYPE (f64, then f32)
"""
import os
import torch

N, D, STEPS = 8, 3, 50

X = [[((i * 7 + j * 3) % 11) / 5.0 - 1.0 for j in range(D)] for i in range(N)]
y = [0.5 * i - 1.25 + ((i * 5) % 3) * 0.3 for i in range(N)]
W0 = [0.5, -0.3, 0.8]
B0 = [0.1]
UNUSED = [1.0, 2.0]

CONFIGS = [
    ("sgd_plain", "sgd(params, 0.05)",
     lambda p: torch.optim.SGD(p, lr=0.05)),
    ("sgd_momentum_wd", "sgd(params, 0.05, momentum=0.9, weight_decay=0.01)",
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, weight_decay=0.01)),
    ("adam", "adam(params, lr=0.05)",
     lambda p: torch.optim.Adam(p, lr=0.05)),
    ("adam_betas", "adam(params, 0.02, beta1=0.8, beta2=0.99, eps=1e-6)",
     lambda p: torch.optim.Adam(p, lr=0.02, betas=(0.8, 0.99), eps=1e-6)),
]


def fmt(values):
    return " ".join("%.17g" % v for v in values)


def trajectory(make, dtype):
    Xt = torch.tensor(X, dtype=dtype)
    yt = torch.tensor(y, dtype=dtype)
    w = torch.tensor(W0, dtype=dtype, requires_grad=True)
    b = torch.tensor(B0, dtype=dtype, requires_grad=True)
    unused = torch.tensor(UNUSED, dtype=dtype, requires_grad=True)
    opt = make([w, b, unused])
    rows = []
    for _ in range(STEPS):
        loss = ((Xt @ w + b - yt) ** 2).mean()
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        rows.append(fmt(w.tolist() + b.tolist()))
    assert unused.tolist() == UNUSED
    return rows


def main():
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference", "optim")
    os.makedirs(out_dir, exist_ok=True)
    for name, mg_expr, make in CONFIGS:
        lines = ["# written by scripts/gen_optim_reference.py (torch %s); do not edit" % torch.__version__,
                 "X %d %d %s" % (N, D, fmt(v for row in X for v in row)),
                 "y %d %s" % (N, fmt(y)),
                 "w0 %d %s" % (D, fmt(W0)),
                 "b0 1 %s" % fmt(B0),
                 "unused 2 %s" % fmt(UNUSED),
                 "optimizer %s" % mg_expr]
        for tag, dtype in (("f64", torch.float64), ("f32", torch.float32)):
            lines.append("steps %s %d" % (tag, STEPS))
            lines.extend(trajectory(make, dtype))
        with open(os.path.join(out_dir, name + ".txt"), "w") as f:
            f.write("\n".join(lines) + "\n")
        print("wrote", name)


if __name__ == "__main__":
    main()
