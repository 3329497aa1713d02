# SPEC §2: source is UTF-8; a byte order mark at the start is skipped.
print("héllo ✓", 1)
