# an axis of 1e10 does not fit an int: it must not wrap to 1410065408
sum(ones(2, 3), axis=1e10)
