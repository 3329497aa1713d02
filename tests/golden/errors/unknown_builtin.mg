print("before")
let y = sigmod(1)
