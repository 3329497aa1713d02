let s = "hello"
print(s + ", " + "world")
print(s, [s], str(s), len(s), s[1], s[-1])
print("tab\there", ["quote\"d", "new\nline"])
print(str(1) + str(2.5) + str(true) + str(none))
print(s == "hello", s != "hello", "a" < "b", "" == "")
print(type(s), type(str(3)))
