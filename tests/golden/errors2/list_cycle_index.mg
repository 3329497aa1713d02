let l = [1, 2]
l[0] = [5]
print(l)
l[1] = [[l]]
