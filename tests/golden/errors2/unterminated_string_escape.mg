print("a \"quoted\" word")
print("ends in a backslash \")
