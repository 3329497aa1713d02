# exit(n) ends with status n mod 256, what a parent process can see (as sh
# and Python); 2^32 + 3 must not wrap through a 32-bit int to something else
print("before")
exit(4294967299)
