#!/bin/sh
# run-tutorial.sh MG [FILE] - runs every ```mg snippet of docs/TUTORIAL.md
# (or FILE) with MG and checks the output the text promises.
#
# Sessions: each "## " section is one session. Its ```mg snippets are joined,
# in order, into one script that MG reads from stdin (the file name in
# messages is <stdin>, as at the prompt), so a later snippet sees the
# variables of an earlier one in the same section; a new section starts from
# a fresh mg. Sessions run in an empty temporary directory (files they write
# land there).
#
# Expected output, written in the snippets as mg comments:
#   # => TEXT    a line the session prints on stdout (whole line or at the end
#                of a statement's line; "# =>" alone is an empty line)
#   # !> TEXT    a line it prints on stderr; such a session must exit with 1
# A session passes when its stdout is exactly its "# =>" lines in order, its
# stderr exactly its "# !>" lines, and its exit status 0 (1 with "# !>").
# So every printed line must be shown in the text: the tutorial cannot go stale.
# Prints one line per section, diffs for failures, then "tutorial: N passed, N failed".
mg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
doc=${2:-$root/docs/TUTORIAL.md}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Split the document: section N's code goes to N.mg, its expected stdout and
# stderr to N.out and N.err, its title to N.title.
awk -v dir="$tmp" '
    function path(ext) { return dir "/" sprintf("%02d", sec) "." ext }
    function expect(line, mark, ext,    at, text) {
        at = index(line, mark)
        if (at == 0) return
        text = substr(line, at + length(mark))
        sub(/^ /, "", text)
        print text >> path(ext)
    }
    BEGIN { sec = 0 }
    /^## / && !in_code { sec++; title = substr($0, 4); next }
    /^```mg[ \t]*$/ && !in_code {
        in_code = 1
        if (!(sec in seen)) { seen[sec] = 1; print title > path("title"); printf "" > path("out"); printf "" > path("err") }
        next
    }
    /^```/ && in_code { in_code = 0; next }
    in_code {
        print >> path("mg")
        expect($0, "# =>", "out")
        expect($0, "# !>", "err")
    }
    END { if (in_code) { print "run-tutorial: unclosed ```mg block" > "/dev/stderr"; exit 1 } }
' "$doc" || exit 1

pass=0; fail=0
for script in "$tmp"/*.mg; do
    [ -f "$script" ] || continue
    base=${script%.mg}
    title=$(cat "$base.title")
    work="$base.work"; mkdir -p "$work"
    ( cd "$work" && MG_HISTORY=/dev/null timeout 60 "$mg" <"$script" >"$base.got" 2>"$base.goterr" )
    status=$?
    want_status=0; [ -s "$base.err" ] && want_status=1
    ok=1
    if ! cmp -s "$base.out" "$base.got"; then
        ok=0; echo "FAIL section '$title': stdout differs (< the tutorial, > mg)"
        diff "$base.out" "$base.got" | head -20
    fi
    if ! cmp -s "$base.err" "$base.goterr"; then
        ok=0; echo "FAIL section '$title': stderr differs (< the tutorial, > mg)"
        diff "$base.err" "$base.goterr" | head -20
    fi
    if [ "$status" != "$want_status" ]; then
        ok=0; echo "FAIL section '$title': exit status $status, expected $want_status"
    fi
    if [ $ok = 1 ]; then pass=$((pass+1)); echo "ok   section '$title'"; else fail=$((fail+1)); fi
done
[ $((pass + fail)) -gt 0 ] || { echo "run-tutorial: no \`\`\`mg snippets in $doc"; exit 1; }
echo "tutorial: $pass passed, $fail failed"
[ $fail = 0 ]
