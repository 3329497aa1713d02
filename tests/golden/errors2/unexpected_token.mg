# A number where a variable name must be: the parser names what it expected.
print("never printed: the whole file is parsed first")
let 3 = 4
