#!/bin/sh
# run.sh MG - runs every tests/golden/**/NAME.mg with MG and compares:
#   NAME.out     expected stdout (exactly; required)
#   NAME.err     expected stderr (exactly); without it stderr must be empty
#   NAME.status  expected exit status; default 1 when NAME.err exists, else 0
#   NAME.args    extra command-line arguments (one line), optional
# $MG_FLAGS goes before the script name: `MG_FLAGS="--device cuda"` runs the
# whole suite with cuda as the default device (make cuda-emu, scripts/
# gpu-check.sh); the device annotations of printed tensors are then dropped
# before comparing, and the scripts listed in cuda_differs.txt (output that
# differs by design) are skipped.
# Scripts run from tests/golden/ so error messages show short file names.
# Prints one line per failure with a diff, then "N passed, N failed".
mg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")"
pass=0; fail=0; skipped=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for script in $(find . -name '*.mg' | sort); do
    base=${script%.mg}
    [ -f "$base.out" ] || continue
    args=""; [ -f "$base.args" ] && args=$(cat "$base.args")
    want_status=0; [ -f "$base.err" ] && want_status=1
    [ -f "$base.status" ] && want_status=$(cat "$base.status")
    name=${script#./}
    case ${MG_FLAGS:-} in *cuda*)
        if grep -q "^$name " cuda_differs.txt; then skipped=$((skipped+1)); continue; fi ;;
    esac
    # shellcheck disable=SC2086
    ( cd "$(dirname "$script")" && MG_HISTORY=/dev/null "$mg" ${MG_FLAGS:-} "$(basename "$script")" $args \
        >"$tmp/out" 2>"$tmp/err" </dev/null )
    got_status=$?
    case ${MG_FLAGS:-} in *cuda*)   # printed as the CPU would (strip_cuda.sh)
        sh ../strip_cuda.sh <"$tmp/out" >"$tmp/out.cpu" && mv "$tmp/out.cpu" "$tmp/out" ;;
    esac
    ok=1
    if ! cmp -s "$tmp/out" "$base.out"; then ok=0; echo "FAIL $name: stdout differs"; diff "$base.out" "$tmp/out" | head -20; fi
    if [ -f "$base.err" ]; then
        if ! cmp -s "$tmp/err" "$base.err"; then ok=0; echo "FAIL $name: stderr differs"; diff "$base.err" "$tmp/err" | head -20; fi
    elif [ -s "$tmp/err" ]; then ok=0; echo "FAIL $name: unexpected stderr"; head -20 "$tmp/err"; fi
    if [ "$got_status" != "$want_status" ]; then ok=0; echo "FAIL $name: exit status $got_status, expected $want_status"; fi
    if [ $ok = 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); fi
done
if [ $skipped -gt 0 ]; then
    echo "golden (${MG_FLAGS}): $pass passed, $fail failed, $skipped differ by design (cuda_differs.txt)"
else
    echo "golden: $pass passed, $fail failed"
fi
[ $fail = 0 ]
