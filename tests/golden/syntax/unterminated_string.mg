let s = "unfinished
print(s)
