# The classic first lesson: fit y = w x + b to five points with sgd,
# reading the data from a CSV file.
let d = load_csv("../../data/line.csv")
let x = d[:, 0]
let y = d[:, 1]
let w = tensor(0.0, grad)
let b = tensor(0.0, grad)
let opt = sgd([w, b], 0.05, momentum=0.5)
print(opt, type(opt))
let first = none
for step in range(300) {
    let loss = mean((w * x + b - y) ** 2)
    if step == 0 { first = item(loss) }
    backward(loss)
    opt.step()
    opt.zero_grad()
}
let loss = mean((w * x + b - y) ** 2)
print("loss went down:", item(loss) < first / 100)
print(w, b)
print(w.grad, w.is_leaf)
