# An optimizer and its parameter held by a cycle: the trainer's scope holds
# `self`, a list holding the optimizer and the closure `step`, whose scope is
# the trainer's. Five hundred dropped trainers are freed by the cycle
# collector after the loop statement, parameters and gradients with them;
# the one still referenced keeps training.
fn trainer(n) {
    let w = param(ones(n))
    let opt = sgd([w], 0.25)
    let self = [w, opt]
    fn step() {
        opt.zero_grad()
        backward(sum(w * w))   # dw = 2w, so each step halves w
        opt.step()
        return self
    }
    append(self, step)
    return step
}

let before = mem()[0]
for i in range(500) { trainer(64)() }
print(mem()[0] - before)
let keep = trainer(4)
for i in range(3) { keep() }
print(keep()[0])
print(keep()[1])
