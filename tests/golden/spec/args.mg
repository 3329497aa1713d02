# SPEC §1: mg FILE.mg ARGS... -- args() returns ARGS as a list of strings.
let a = args()
print(a, len(a), type(a[2]))
