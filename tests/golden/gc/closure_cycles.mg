# Reference cycles through a function's scope, a list and a closure
# (scope -> l -> g -> scope), made in a loop: nothing but the cycle holds
# them once mk returns. The cycle collector (src/eval/gc.c) frees them
# after the loop statement, so the tensors they hold are freed too, while
# the closures kept in `keep` survive and still work.
fn mk(x, keep) {
    let l = [x]
    fn g() { return item(sum(l[0])) }
    append(l, g)
    if len(keep) < 3 { append(keep, g) }
    return g()
}

let keep = []
let before = mem()[0]
let total = 0
for i in range(2000) { total = total + mk(ones(256) * i, keep) }
print(total)
print(mem()[0] - before)        # only the three kept closures' tensors remain
for g in keep { print(g()) }

# nested: a list of lists holding closures whose scopes hold the outer list
fn nest(n) {
    let outer = [[], []]
    fn f() { return len(outer) + n }
    append(outer[0], [f])
    append(outer[1], f)
    return f()
}
let s = 0
for i in range(1500) { s = s + nest(i) }
print(s)
print(mem()[0] - before)
