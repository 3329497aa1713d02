load_csv("no_such_file.csv")
