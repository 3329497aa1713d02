let big = 2.5E+
