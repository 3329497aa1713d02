#!/usr/bin/env mg
# SPEC §2: a first-line #! is a comment; # starts a comment to the end of the line.
print(12, 1.5, .5, 1e-3, 2.5E+4, 1E3, 007)   # all IEEE doubles
print("tab\tq\"b\\s\nnext")
let _snake_Case9 = 1; let A = 2
print(_snake_Case9 + A)
print(7 % 3, 2 ** 3, 1 != 2, 1 <= 1, 2 >= 3, [1, 2][0], tensor([[1, 2]]) @ tensor([[3], [4]]))
let c = 1; c += 1; c -= 3; c *= 4; c /= 8; print(c)
# a newline is ignored inside ( ) and [ ] and after a token that cannot end
# an expression: a binary operator, ',', '=', '(', '[', '{', '=>'
let pred = tensor([1, 2])
let target = tensor([1, 3])
let w = tensor([1, 1])
let loss = mse_loss(pred,
                    target) +
           0.01 * sum(w ** 2)
print(loss)
let l = [
  1,
  2]
let d =
  3 *
  4
let ok = true and
  not false
let f = fn(x) =>
  x + 1
print(l, d, ok, f(1))
# a statement that ends with a } block needs no separator after it
fn fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }
print(fib(10))
