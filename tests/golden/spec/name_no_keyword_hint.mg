# SPEC §8: an unknown name suggests the nearest DEFINED name; a keyword is
# not one (a stray loop variable `i` is no typo of `if`).
let total = 0
for step in range(3) { total += step }
print(total, i)
