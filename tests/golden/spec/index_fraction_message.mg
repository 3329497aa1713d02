# An index with a tiny fraction: the message shows the number exactly as
# mg prints numbers (SPEC §3), not rounded to look whole.
let x = arange(3)
print(x[1])
print(x[1.0000001])
