# load_csv names the file and line of a ragged row.
let d = load_csv("../../data/ragged.csv")
