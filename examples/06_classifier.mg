# 06 - a classifier on MNIST-shaped data: 784 inputs (a 28x28 image,
# flattened), 10 classes, a 784-256-10 MLP, cross_entropy and adam.
# The data is synthetic: each class has a random prototype image and each
# sample is its prototype plus heavy noise, so the classes overlap and the
# network has to learn which pixels matter. With 2000 samples for 203,530
# weights it fits the training set perfectly and does a little worse on
# fresh samples of the same classes: the generalization gap.
#
#   build/mg examples/06_classifier.mg

fn round_to(x, digits) {
    let s = 10 ** digits
    let v = x * s + 0.5
    return (v - v % 1) / s
}

seed(8)
let prototypes = randn(10, 784) * 0.16      # [10, 784]

# n samples, classes 0..9 in turn; returns [images [n, 784], classes [n]].
fn make_data(n) {
    let cl = []
    for i in range(n) { append(cl, i % 10) }
    let classes = tensor(cl)
    let images = one_hot(classes, 10) @ prototypes + randn(n, 784)
    return [images, classes]
}
let train = make_data(2000)
let test = make_data(500)

let W1 = param(randn(784, 256) / 28)        # 1 / sqrt(784)
let b1 = param(zeros(256))
let W2 = param(randn(256, 10) / 16)         # 1 / sqrt(256)
let b2 = param(zeros(10))
let opt = adam([W1, b1, W2, b2], lr=0.001)

fn model(x) {
    return relu(x @ W1 + b1) @ W2 + b2      # [n, 10] logits
}

fn accuracy(data) {
    no_grad { return item(mean(argmax(model(data[0]), 1) == data[1])) }
}

# Mini-batches of 100, the batch rows in order (the classes are interleaved).
let batch = 100
for epoch in range(3) {
    let total = 0
    for start in range(0, 2000, batch) {
        let loss = cross_entropy(model(train[0][start:start + batch]), train[1][start:start + batch])
        opt.zero_grad()
        backward(loss)
        opt.step()
        total += item(loss)
    }
    print("epoch", epoch + 1, "mean loss", round_to(total / (2000 / batch), 2))
}
let train_acc = accuracy(train)
let test_acc = accuracy(test)
print("chance is 10%")
print("train accuracy: " + str(round_to(train_acc * 100, 0)) + "%")
print("test accuracy:  " + str(round_to(test_acc * 100, 0)) + "%")
print("train accuracy above 99%:", train_acc > 0.99)
print("test accuracy above 85%:", test_acc > 0.85)
assert(train_acc > 0.99, "the MLP should fit its training set")
assert(test_acc > 0.85, "the MLP should learn the prototypes")
