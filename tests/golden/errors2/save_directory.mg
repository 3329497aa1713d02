save(ones(2), ".")
