#!/bin/sh
# readme_tour.sh MG [README] - checks that README.md's code stays true.
#   - The first ``` block (the card) runs as a script without error, and each
#     `print(...)  # TEXT` line's TEXT is a line of its stdout, in order.
#   - The "## A short tour" block: its `mg> ` lines are fed to the prompt
#     (MG -i /dev/null, statements read from stdin, values echoed); none may
#     fail, and the lines shown without `mg> ` (the values the prompt echoes)
#     must appear in its stdout in that order.
# Prints "readme: ok" or what went wrong.
mg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
readme=${2:-$(cd "$(dirname "$0")/../.." && pwd)/README.md}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# The card: the first fenced block of the file.
awk '/^```/ { if (open) exit; open = 1; next } open' "$readme" >"$tmp/card.mg"
sed -n 's/^print(.*) *# \(.*\)$/\1/p' "$tmp/card.mg" >"$tmp/card.want"
# The tour: the first fenced block after "## A short tour".
awk '/^## A short tour/ { t = 1; next }
     t && /^```/ { if (open) exit; open = 1; next }
     t && open' "$readme" >"$tmp/tour.txt"
sed -n 's/^mg> //p' "$tmp/tour.txt" >"$tmp/tour.mg"
grep -v '^mg> ' "$tmp/tour.txt" | grep -v '^ *$' >"$tmp/tour.want"

# in_order WANT GOT: prints the first line of WANT not found in GOT in order.
in_order() {
    awk 'BEGIN { n = 0; i = 0 }
         NR == FNR { want[n++] = $0; next }
         i < n && $0 == want[i] { i++ }
         END { if (i < n) { print want[i]; exit 1 } }' "$1" "$2"
}

check() {   # check NAME: runs were made into $tmp/NAME.out/.err/.status
    if [ ! -s "$tmp/$1.mg" ]; then echo "FAIL readme $1: block not found"; fail=1; return; fi
    if [ "$(cat "$tmp/$1.status")" != 0 ] || [ -s "$tmp/$1.err" ]; then
        echo "FAIL readme $1: exit status $(cat "$tmp/$1.status"), stderr:"; head -5 "$tmp/$1.err"; fail=1
    fi
    if ! missing=$(in_order "$tmp/$1.want" "$tmp/$1.out"); then
        echo "FAIL readme $1: the README shows '$missing', mg printed:"; head -20 "$tmp/$1.out"; fail=1
    fi
}

( cd "$tmp" && MG_HISTORY=/dev/null "$mg" <"$tmp/card.mg" >"$tmp/card.out" 2>"$tmp/card.err"; echo $? >"$tmp/card.status" )
check card
( cd "$tmp" && MG_HISTORY=/dev/null "$mg" -i /dev/null <"$tmp/tour.mg" >"$tmp/tour.out" 2>"$tmp/tour.err"; echo $? >"$tmp/tour.status" )
check tour
[ $fail = 0 ] && echo "readme: ok"
[ $fail = 0 ]
