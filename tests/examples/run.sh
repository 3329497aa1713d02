#!/bin/sh
# run.sh MG - runs every examples/NAME.mg with MG and checks its key numbers.
#
# Each example runs in a fresh temporary directory that is also its first
# argument (the folder for the files it writes). It passes when:
#   - it exits with status 0 and writes nothing to stderr (the examples
#     assert() their own numbers with tolerances, so a wrong number fails);
#   - every line of tests/examples/NAME.expect appears in its stdout as a
#     whole line, in the same order (other lines may come in between:
#     terminal plots, decision maps);
#   - for each line "FILE TEXT" of tests/examples/NAME.files, FILE exists in
#     the temporary directory and contains TEXT;
#   - it finishes within MG_EXAMPLE_TIMEOUT seconds (default 60; each takes
#     a few seconds at most on a normal build, more under sanitizers).
# $MG_FLAGS goes before the script (`MG_FLAGS="--device cuda"`: every example
# on cuda, its output compared as the CPU would print it, tests/strip_cuda.sh).
# Prints one line per example with its time, details for failures, then
# "examples: N passed, N failed". An example without NAME.expect fails.
mg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
limit=${MG_EXAMPLE_TIMEOUT:-60}
pass=0; fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# in_order EXPECT OUT: prints the first expected line not found (in order).
in_order() {
    awk 'BEGIN { n = 0; i = 0 }
         NR == FNR { want[n++] = $0; next }
         i < n && $0 == want[i] { i++ }
         END { if (i < n) { print want[i]; exit 1 } }' "$1" "$2"
}

for script in "$root"/examples/*.mg; do
    name=$(basename "$script" .mg)
    work="$tmp/$name"; mkdir -p "$work"
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    ( cd "$work" && MG_HISTORY=/dev/null timeout "$limit" "$mg" ${MG_FLAGS:-} "$script" "$work" \
        >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null )
    status=$?
    case ${MG_FLAGS:-} in *cuda*)   # printed as the CPU would
        sh "$root/tests/strip_cuda.sh" <"$tmp/$name.out" >"$tmp/$name.cpu" && mv "$tmp/$name.cpu" "$tmp/$name.out" ;;
    esac
    secs=$(echo "$start $(date +%s.%N)" | awk '{ printf "%.2f", $2 - $1 }')
    ok=1; why=""
    if [ "$status" != 0 ]; then ok=0; why="$why; exit status $status"; fi
    if [ -s "$tmp/$name.err" ]; then ok=0; why="$why; stderr: $(head -3 "$tmp/$name.err")"; fi
    if [ ! -f "$here/$name.expect" ]; then
        ok=0; why="$why; no tests/examples/$name.expect"
    elif ! missing=$(in_order "$here/$name.expect" "$tmp/$name.out"); then
        ok=0; why="$why; expected line missing or out of order: '$missing'"
    fi
    if [ -f "$here/$name.files" ]; then
        while read -r file text; do
            [ -n "$file" ] || continue
            if [ ! -s "$work/$file" ]; then ok=0; why="$why; did not write $file"
            elif ! grep -qF -- "$text" "$work/$file"; then ok=0; why="$why; $file lacks '$text'"; fi
        done <"$here/$name.files"
    fi
    if [ $ok = 1 ]; then
        pass=$((pass+1)); echo "ok   $name (${secs}s)"
    else
        fail=$((fail+1)); echo "FAIL $name (${secs}s)${why}"
        echo "  --- its stdout (last 15 lines):"; tail -15 "$tmp/$name.out" | sed 's/^/  | /'
    fi
done
echo "examples: $pass passed, $fail failed"
[ $fail = 0 ]
