let x = 2
if 0 < x < 3 {
    print(x)
}
