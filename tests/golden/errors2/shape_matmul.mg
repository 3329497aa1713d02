let a = ones(2, 3)
let b = ones(2, 3)
let c = a @ b
