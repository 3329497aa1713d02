# Found by fuzz_eval: the element count of arange was converted to an
# integer before it was checked ((int64_t)6.5e113 is undefined behaviour).
print(arange(5, 0, -2))
let x = arange(655555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555)
