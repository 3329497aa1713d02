# The error names where the bracket was opened.
let rows = [[1, 2],
            [3, 4]
print(rows)
