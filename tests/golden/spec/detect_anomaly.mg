# SPEC §6.6: detect_anomaly(true) stops backward at the first node whose
# gradient has nan or inf, naming the op and where it was made.
let x = tensor([0.0, 4.0], grad)
backward(sum(sqrt(x)))
print(x.grad)              # off: inf goes through
detect_anomaly(true)
let y = sum(sqrt(x) * 0 + x)
backward(y)
