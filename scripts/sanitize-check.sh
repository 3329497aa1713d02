#!/bin/sh
# sanitize-check.sh - the whole suite under AddressSanitizer + UBSan with the
# leak checker on (docs/HARDENING.md). Called by `make check`.
#
#   sh scripts/sanitize-check.sh          build build-sanitize/ (make sanitize), then run
#   sh scripts/sanitize-check.sh --no-build
#
# Runs every Check suite (CK_FORK=no: leaks are checked in the process that
# made them), every golden script with build-sanitize/mg, and the prompt
# session of tests/prompt/errors.sh. A sanitizer report goes to stderr and
# changes the exit status, so run.sh's exact stderr and status comparison
# fails the script. No leak suppressions are used. Prints each failure,
# then one line:
#   sanitize: N passed, N failed
# where N counts unit suites, golden scripts and the prompt session.
cd "$(dirname "$0")/.." || exit 2
build=build-sanitize
if [ "$1" != "--no-build" ]; then
    mkdir -p "$build"
    make --no-print-directory -j"$(nproc 2>/dev/null || echo 2)" sanitize >"$build/make.log" 2>&1 || {
        tail -30 "$build/make.log"
        echo "sanitize: 0 passed, 1 failed (build failed, see $build/make.log)"
        exit 1
    }
fi

ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86:strict_string_checks=1:detect_stack_use_after_return=0"
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=87"
# one BLAS/OpenMP thread: the suite stays fast on two cores and thread pools
# do not keep the leak checker waiting
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
export ASAN_OPTIONS UBSAN_OPTIONS OPENBLAS_NUM_THREADS OMP_NUM_THREADS
export MG_CUDA_LIB="${MG_CUDA_LIB:-$(pwd)/build/libmg_cuda.so}"

pass=0; fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for src in tests/unit/test_*.c; do
    name=$(basename "$src" .c)
    bin=$build/tests/$name
    if [ ! -x "$bin" ]; then
        echo "FAIL unit $name: $bin was not built"; fail=$((fail+1)); continue
    fi
    if CK_FORK=no "$bin" >"$log" 2>&1; then
        pass=$((pass+1))
    else
        echo "FAIL unit $name (exit $?):"; grep -v '^[0-9]*%: Checks' "$log" | head -40
        fail=$((fail+1))
    fi
done

sh tests/golden/run.sh "$build/mg" >"$log" 2>&1
grep -v '^golden: ' "$log"
g=$(sed -n 's/^golden: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log")
if [ -n "$g" ]; then
    set -- $g
    pass=$((pass+$1)); fail=$((fail+$2))
else
    echo "FAIL golden: run.sh printed no summary"; fail=$((fail+1))
fi
# the prompt session with every bad input (tests/prompt/errors.sh): the
# prompt must not leak across errors either (LeakSanitizer runs at :quit)
if sh tests/prompt/errors.sh "$build/mg" >"$log" 2>&1; then
    pass=$((pass+1))
else
    echo "FAIL prompt errors under the sanitizers:"; head -40 "$log"; fail=$((fail+1))
fi
echo "sanitize: $pass passed, $fail failed"
[ $fail = 0 ]
