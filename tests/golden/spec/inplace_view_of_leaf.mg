# SPEC §6.5 with torch's rule: a view of a leaf that requires grad shares
# the leaf's storage, so updating it in place outside no_grad is an error
# too (inside no_grad it is fine; a reshape that had to copy is no view).
let w = tensor([[1.0, 2.0], [3.0, 4.0]], grad)
let row = w[1]
no_grad { row += 10 }
print(w)
let copy = reshape(transpose(w, 0, 1), [4])
copy *= 2
print(copy)
let col = transpose(w, 0, 1)[0]
col *= 2
