# A view of a leaf that requires grad may not be updated in place outside
# no_grad, even when the view was made inside no_grad { } (torch: "a view of
# a leaf Variable that requires grad is being used in an in-place operation").
let w = tensor([1.0, 2.0, 3.0], grad)
let v = tensor(0)
no_grad {
    v = w[0:2]
    v -= 1                    # fine here: an optimizer step
}
print(w)
v += 1
