fn f(n) {
    if n < 2 {
        return n
