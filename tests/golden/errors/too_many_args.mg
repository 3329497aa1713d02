let x = ones(2, 2)
sum(x, 0, true, 4)
