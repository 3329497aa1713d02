print(exp(1))
print(exp("one"))
