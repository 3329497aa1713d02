print("n = " + str(3))
print("n = " + 3)
