#!/bin/sh
# run-unit-tests.sh BUILD TEST_BIN... - runs each Check suite; fails if any fails.
# Check prints its own summary line per suite ("100%: Checks: 12, Failures: 0, Errors: 0").
# Suites run from the repository root (they read tests/reference/ and tests/data/).
# test_cuda finds the CUDA backend through MG_CUDA_LIB, and skips without a GPU.
build=$1; shift
status=0
export MG_CUDA_LIB="${MG_CUDA_LIB:-$(pwd)/$build/libmg_cuda.so}"
for t in "$@"; do
    echo "== $(basename "$t")"
    CK_FORK=${CK_FORK:-yes} "$t" || status=1
done
exit $status
