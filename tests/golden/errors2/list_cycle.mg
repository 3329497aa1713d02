# Values are reference counted (no cycle collector): a list may not hold
# itself, directly or through other lists.
let row = [1, 2]
let table = [row, row]
append(table, [3])
print(table)
append(row, [table])
