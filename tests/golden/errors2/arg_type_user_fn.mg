fn area(w, h) { return w * h }
print(area(2, 3))
print(area("wide", 3))
