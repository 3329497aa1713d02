assert(1 + 1 == 2, "fine")
print("ok")
assert(len([1, 2]) == 3, "expected 3 items")
print("not reached")
