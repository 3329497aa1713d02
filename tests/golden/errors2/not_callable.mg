let f = 3
f(1)
