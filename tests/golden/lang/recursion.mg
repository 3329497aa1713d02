fn fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }
print(fib(20))
fn fact(n) { if n <= 1 { return 1 } return n * fact(n - 1) }
print(fact(10), fact(20))
fn is_even(n) { if n == 0 { return true } return is_odd(n - 1) }
fn is_odd(n) { if n == 0 { return false } return is_even(n - 1) }
print(is_even(10), is_odd(7), is_even(3))
# deep but within the limit of 10000 calls
fn depth(n) { if n == 0 { return 0 } return 1 + depth(n - 1) }
print(depth(9000))
fn nothing() { let a = 1 }
print(nothing())
