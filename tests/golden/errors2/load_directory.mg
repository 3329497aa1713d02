load(".")
