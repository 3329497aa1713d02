#!/bin/sh
# run.sh MG - runs every tests/golden/**/NAME.mg with MG and compares:
#   NAME.out     expected stdout (exactly; required)
#   NAME.err     expected stderr (exactly); without it stderr must be empty
#   NAME.status  expected exit status; default 1 when NAME.err exists, else 0
#   NAME.args    extra command-line arguments (one line), optional
# $MG_FLAGS goes before the script name: `MG_FLAGS="--device cuda"` runs the
# whole suite with cuda as the default device (scripts/gpu-check.sh).
# Scripts run from tests/golden/ so error messages show short file names.
# Prints one line per failure with a diff, then "N passed, N failed".
mg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")"
pass=0; fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for script in $(find . -name '*.mg' | sort); do
    base=${script%.mg}
    [ -f "$base.out" ] || continue
    args=""; [ -f "$base.args" ] && args=$(cat "$base.args")
    want_status=0; [ -f "$base.err" ] && want_status=1
    [ -f "$base.status" ] && want_status=$(cat "$base.status")
    name=${script#./}
    # shellcheck disable=SC2086
    ( cd "$(dirname "$script")" && MG_HISTORY=/dev/null "$mg" ${MG_FLAGS:-} "$(basename "$script")" $args \
        >"$tmp/out" 2>"$tmp/err" </dev/null )
    got_status=$?
    ok=1
    if ! cmp -s "$tmp/out" "$base.out"; then ok=0; echo "FAIL $name: stdout differs"; diff "$base.out" "$tmp/out" | head -20; fi
    if [ -f "$base.err" ]; then
        if ! cmp -s "$tmp/err" "$base.err"; then ok=0; echo "FAIL $name: stderr differs"; diff "$base.err" "$tmp/err" | head -20; fi
    elif [ -s "$tmp/err" ]; then ok=0; echo "FAIL $name: unexpected stderr"; head -20 "$tmp/err"; fi
    if [ "$got_status" != "$want_status" ]; then ok=0; echo "FAIL $name: exit status $got_status, expected $want_status"; fi
    if [ $ok = 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); fi
done
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
