#!/bin/sh
# run-unit-tests.sh BUILD TEST_BIN... - runs each Check suite; fails if any fails.
# Check prints its own summary line per suite ("100%: Checks: 12, Failures: 0, Errors: 0").
build=$1; shift
status=0
for t in "$@"; do
    echo "== $(basename "$t")"
    CK_FORK=${CK_FORK:-yes} "$t" || status=1
done
exit $status
