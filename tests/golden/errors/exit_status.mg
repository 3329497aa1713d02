print("leaving")
fn quit() { exit(3) }
quit()
print("not reached")
