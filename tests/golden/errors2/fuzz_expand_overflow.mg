# expand to a shape with more elements than 64 bits count
print(shape(expand(ones(1), [1e5, 1e5])))
expand(ones(1), [1e10, 1e10, 1e10])
