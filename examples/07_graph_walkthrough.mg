# 07 - looking at the graph: what mg records while you compute, the order in
# which backward() visits it, and the same graph as a Graphviz file.
#
#   build/mg examples/07_graph_walkthrough.mg [OUT_DIR]
#
# Writes OUT_DIR/g.dot (default: the current directory); render it with
# `dot -Tsvg g.dot -o g.svg`.

let out = "."
if len(args()) > 0 { out = args()[0] }

# A one-neuron layer and a squared error: every op below with an input that
# requires grad records a node; x and target are constants (no node).
let x = tensor([[1.0, 2.0]])                # [1, 2]
let W = tensor([[0.5], [-1.0]], grad)       # [2, 1]
let b = tensor([0.1], grad)                 # [1]
let target = tensor([[1.0]])
let h = tanh(x @ W + b)                     # [1, 1]
let y = sum((h - target) ** 2)              # []

# graph(y): the tree from y down to the leaves, each node with its op,
# shape and the line:column that made it. Named variables show their name.
print("--- graph(y)")
graph(y)

# trace=true prints the nodes in the order backward processes them: every
# node after all the nodes that feed it a gradient (reverse topological
# order), with the shape of the gradient arriving and which inputs get one.
print("--- backward(y, trace=true)")
backward(y, trace=true)
print("W.grad:", W.grad)
print("b.grad:", b.grad)

# The chain rule by hand for b, to compare:
#   dy/dh = 2 (h - target), dh/dz = 1 - h^2 where z = x @ W + b, dz/db = 1
let hv = item(h)
let by_hand = 2 * (hv - 1) * (1 - hv * hv)
print("dy/db by hand = 2 (h - 1) (1 - h^2) matches:", abs(by_hand - item(b.grad)) < 1e-6)
assert(abs(by_hand - item(b.grad)) < 1e-6, "b.grad should follow the chain rule")

let path = out + "/g.dot"
dot(y, path)
print("--- wrote", path)
