let total = add(1,
                2
print(total)
