# A terminal chart: braille dots, the y range and the number of points.
plot([1, 2, 3])
plot([3, 1, 4, 1, 5, 9, 2, 6, 0/0, 5, 3], title="digits of pi (one missing)")
