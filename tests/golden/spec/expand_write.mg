# SPEC §5: expand() is a view sharing storage. Writing through it one row at
# a time is fine, but an update where several elements share one memory
# location is refused, as in torch (else `e += 1` adds 3 to each element of b).
let b = zeros(2)
let e = b.expand([3, 2])
e[1] = tensor([5, 6])
print(b, e[0])
e += 1
