print("never printed: the whole file is parsed first")
let x = )
