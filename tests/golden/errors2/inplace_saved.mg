# d * d saves d; changing d afterwards makes the saved value stale.
let x = tensor([1, 2], grad)
let d = x * 1
let e = d * d
d *= 2
backward(sum(e))
