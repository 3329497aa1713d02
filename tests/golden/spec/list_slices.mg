# Lists slice like tensors: negative bounds count from the end, bounds out of
# range clamp, the step is positive. The result is a new list of the same
# values (not copies).
let losses = [5, 4, 3, 2, 1]
print(losses[1:3], losses[-2:], losses[:-1], losses[::2], losses[10:], losses[3:1])
let t = tensor([1, 2])
let l = [t, "a"]
let m = l[:]
m[1] = "b"
t += 1
print(l, m)
print(losses[0:5:-1])
