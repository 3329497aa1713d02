#!/bin/sh
# run.sh - build and run the libFuzzer targets (docs/HARDENING.md).
#
#   tests/fuzz/run.sh SECONDS [TARGET...]   fuzz each target for SECONDS (default: all,
#                                           one after another; FUZZ_PARALLEL=1: at once)
#   tests/fuzz/run.sh regress               run every file in tests/fuzz/regressions/
#                                           through its target once (no fuzzing)
#
# Targets: fuzz_eval (lexer + parser + evaluator, tests/fuzz/fuzz_eval.c) and
# fuzz_npy (the .npy reader, tests/fuzz/fuzz_npy.c), built with clang, ASan and
# UBSan into build-fuzz/fuzz/ by `make fuzz-build`.
# Seeds: tests/golden/**/*.mg, examples/*.mg and tests/fuzz/regressions/eval/
# for fuzz_eval; tests/data/*.npy and tests/fuzz/regressions/npy/ for fuzz_npy.
# The growing corpus is kept in build-fuzz/corpus/TARGET/; a crashing input is
# written to build-fuzz/artifacts/TARGET/ (copy it to tests/fuzz/regressions/
# once fixed). Scripts run in build-fuzz/scratch/TARGET/, so files a fuzzed
# program writes (save, dot, plot) stay there.
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mkdir -p build-fuzz
make --no-print-directory -j"$(nproc 2>/dev/null || echo 2)" fuzz-build >build-fuzz/make.log 2>&1 || {
    tail -30 build-fuzz/make.log; echo "fuzz: build failed (build-fuzz/make.log)"; exit 1; }

export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

seeds() {  # seeds TARGET DIR: fill DIR with the target's seed inputs
    mkdir -p "$2"
    case $1 in
    fuzz_eval) find tests/golden examples -name '*.mg' 2>/dev/null | while read -r f; do
                   cp "$f" "$2/$(echo "$f" | tr / _)"; done
               cp tests/fuzz/regressions/eval/* "$2/" 2>/dev/null || true ;;
    fuzz_npy)  cp tests/data/*.npy "$2/"
               cp tests/fuzz/regressions/npy/* "$2/" 2>/dev/null || true ;;
    esac
}

dict() { [ "$1" = fuzz_eval ] && echo "-dict=$root/tests/fuzz/mg.dict"; true; }

if [ "$1" = regress ]; then
    status=0
    for t in fuzz_eval fuzz_npy; do
        dir=tests/fuzz/regressions/${t#fuzz_}
        [ -d "$dir" ] && [ -n "$(ls "$dir")" ] || continue
        mkdir -p "build-fuzz/scratch/$t"
        n=$(ls "$dir" | wc -l)
        if (cd "build-fuzz/scratch/$t" && "$root/build-fuzz/fuzz/$t" "$root/$dir"/* >"$root/build-fuzz/$t.regress.log" 2>&1); then
            echo "fuzz regressions: $t: $n inputs ok"
        else
            echo "fuzz regressions: $t FAILED (build-fuzz/$t.regress.log)"; status=1
        fi
    done
    exit $status
fi

seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-fuzz_eval fuzz_npy}
for t in $targets; do
    seeds "$t" "build-fuzz/seeds/$t"
    mkdir -p "build-fuzz/corpus/$t" "build-fuzz/artifacts/$t" "build-fuzz/scratch/$t"
    run_one() {
        cd "build-fuzz/scratch/$1" &&
        "$root/build-fuzz/fuzz/$1" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3000 \
            -max_len=4096 -print_final_stats=1 $(dict "$1") \
            -artifact_prefix="$root/build-fuzz/artifacts/$1/" \
            "$root/build-fuzz/corpus/$1" "$root/build-fuzz/seeds/$1" >"$root/build-fuzz/$1.log" 2>&1
    }
    if [ -n "$FUZZ_PARALLEL" ]; then
        (run_one "$t" && echo "fuzz: $t ran ${seconds}s, no findings" ||
            echo "fuzz: $t FOUND a problem: build-fuzz/$t.log, build-fuzz/artifacts/$t/") &
    else
        (run_one "$t") && echo "fuzz: $t ran ${seconds}s, no findings" ||
            { echo "fuzz: $t FOUND a problem: build-fuzz/$t.log, build-fuzz/artifacts/$t/"; exit 1; }
    fi
done
wait
