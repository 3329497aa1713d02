# A shape error inside nested calls: caret and call trace.
fn layer(x, W1, b1) {
    let h = x @ W1 + b1
    return h
}
fn forward(x) {
    return layer(x, ones(3, 4), ones(2))
}
let out = forward(ones(4, 3))
