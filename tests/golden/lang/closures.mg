# Functions are closures over the scope they were made in.
fn make_counter() {
    let n = 0
    fn next() {
        n = n + 1
        return n
    }
    return next
}
let c1 = make_counter()
let c2 = make_counter()
print(c1(), c1(), c1(), c2())
fn adder(k) { return fn(x) => x + k }
let add5 = adder(5)
print(add5(1), adder(10)(1))
let fs = []
for i in range(3) { append(fs, fn(x) => x * 10) }
print(len(fs), fs[2](4))
print(add5, make_counter, fn(x) => x)
let twice = fn(f, x) { return f(f(x)) }
print(twice(add5, 0))
