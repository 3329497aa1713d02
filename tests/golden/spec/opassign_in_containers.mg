# SPEC §4: `target op= expr` on a tensor is in place (§6.5), whether the
# tensor is named by a variable, a list element or an attribute: every other
# reference to it sees the update, as in Python with torch.
let w = tensor([1.0, 2.0], grad)
backward(sum(w * w))
let params = [w]
no_grad { params[0] -= 0.1 * params[0].grad }
print(w)                      # the same tensor as params[0]
print(params[0].grad)         # still w's gradient
let g = w.grad
no_grad { w.grad *= 0 }
print(g)                      # g is w.grad: zeroed too
let box = [tensor([1, 2])]
box[0] += 1
print(box)
# a number in a list is rebound, as before
let nums = [1, 2]
nums[1] *= 10
print(nums)
# x[i] op= v on a tensor still writes only the region
let x = tensor([1, 2, 3])
x[1:] *= 10
print(x)
