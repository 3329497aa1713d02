#!/bin/sh
# gpu-check.sh [STAGE...] - everything issue 5 needs from a machine with a
# GPU, in as few device calls as possible. Stages (default: test bench):
#
#   test    build (CUDA library included), then
#             - test_cuda: every op's CUDA forward and backward against the
#               CPU, f32 and f64, broadcast and strided inputs (the pass/fail
#               criterion of issue 5); test_cuda_programs: mg programs
#               (to(), gradcheck, optimizers, constructors, training) on
#               cuda against the CPU;
#             - test_cuda again under compute-sanitizer memcheck, when present;
#             - every golden script with `--device cuda` (printed device
#               annotations dropped; tests/golden/cuda_differs.txt lists the
#               scripts whose output differs by design), and every
#               example with `--device cuda`;
#             - tests/fuzz/torch_diff.py --device cuda (random ops on cuda
#               against PyTorch on the CPU), when python3 has torch.
#   bench   build, then bench/gpu/run.sh against the machine's CUDA PyTorch.
#
# Logs and tables go to $OUT (the device tool brings them back) or
# /tmp/gpu-check. The last line of each stage says what it found.
#
# On the lent machine (no package registry): before the call, here, run
#     sh scripts/device-deps.sh fetch
# and name .device in the call's `carry`; this script unpacks the packages
# when the machine lacks readline or Check headers. A whole call:
#     sh scripts/gpu-check.sh test bench
# (about 5 minutes: the nvcc build is the longest part).
cd "$(dirname "$0")/.." || exit 2
out=${OUT:-/tmp/gpu-check}
mkdir -p "$out"
stages=${*:-test bench}
jobs=$(nproc 2>/dev/null || echo 4)
PATH=$PATH:/usr/local/cuda/bin
export PATH

log() { echo "$*" | tee -a "$out/summary.txt"; }

# ---- the machine ----
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "gpu: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -1)"
    echo "nvcc: $(nvcc --version 2>&1 | tail -1)"
    echo "glibc: $(ldd --version 2>&1 | head -1)"
    echo "kernel: $(uname -r), cpus: $jobs"
} | tee "$out/machine.txt"

# ---- dependencies: installed, or unpacked from .device/debs ----
make_deps=""
have_headers() {
    printf '#include <readline/readline.h>\n#include <check.h>\n#include <cblas.h>\n' |
        ${CC:-cc} -E -x c - $(pkg-config --cflags openblas 2>/dev/null) \
            -I/usr/include/x86_64-linux-gnu/openblas-pthread >/dev/null 2>&1
}
if ! have_headers; then
    sh scripts/device-deps.sh unpack .device/debs /tmp/mgdeps || {
        log "gpu-check: readline/Check/OpenBLAS headers missing and no .device/debs to unpack"
        exit 1
    }
    make_deps="DEPS_PREFIX=/tmp/mgdeps"
    LD_LIBRARY_PATH=/tmp/mgdeps/usr/lib/x86_64-linux-gnu:/tmp/mgdeps/lib/x86_64-linux-gnu:/tmp/mgdeps/usr/lib/x86_64-linux-gnu/openblas-pthread${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export LD_LIBRARY_PATH
fi

# ---- cuBLAS: the toolkit's, else the one PyTorch's wheels bring ----
nvcc_libs=""
cuda_lib=/usr/local/cuda/lib64
if [ ! -e "$cuda_lib/libcublas.so" ]; then
    found=$(find / -xdev -name 'libcublas.so.*' -path '*nvidia*' 2>/dev/null | head -1)
    if [ -n "$found" ]; then
        dir=$(dirname "$found")
        rt=$(find / -xdev -name 'libcudart.so.*' -path '*nvidia*' 2>/dev/null | head -1)
        log "cuBLAS: not in $cuda_lib; using $found"
        nvcc_libs="NVCC_LIBS=-cudart shared -L$cuda_lib -L$dir -l:$(basename "$found") -Xlinker -rpath,$dir:$(dirname "$rt"):$cuda_lib"
        LD_LIBRARY_PATH=$dir:$(dirname "$rt")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
        export LD_LIBRARY_PATH
    fi
fi

# ---- build ----
tests="build/tests/test_cuda build/tests/test_cuda_programs build/tests/test_tensor build/tests/test_autograd"
if ! make --no-print-directory -j"$jobs" $make_deps ${nvcc_libs:+"$nvcc_libs"} all $tests >"$out/build.log" 2>&1; then
    tail -40 "$out/build.log"
    log "gpu-check: build FAILED (build.log)"
    exit 1
fi
warnings=$(grep -c 'warning' "$out/build.log")
[ -f build/libmg_cuda.so ] || { log "gpu-check: no build/libmg_cuda.so (nvcc not found?)"; exit 1; }
log "build: ok, $warnings warnings"
missing=$(ldd build/libmg_cuda.so 2>&1 | grep 'not found')
[ -z "$missing" ] || log "libmg_cuda.so cannot find: $missing"
MG_CUDA_LIB=${MG_CUDA_LIB:-$(pwd)/build/libmg_cuda.so}   # overridable: a dry run on the host emulation
export MG_CUDA_LIB
if ! build/mg -e 'assert(cuda_available(), "no CUDA device")' >/dev/null 2>&1; then
    log "gpu-check: mg finds no CUDA device (nvidia-smi above; ldd build/libmg_cuda.so for missing libraries)"
    exit 1
fi
log "cuda_available: true"

status=0
for stage in $stages; do
    case $stage in
    test)
        build/tests/test_cuda >"$out/test_cuda.log" 2>&1
        rc=$?
        tail -3 "$out/test_cuda.log"
        log "test_cuda: exit $rc, $(grep -E '^[0-9]+%: Checks' "$out/test_cuda.log" | tail -1)"
        [ $rc = 0 ] || status=1
        build/tests/test_cuda_programs >"$out/test_cuda_programs.log" 2>&1
        rc=$?
        log "test_cuda_programs: exit $rc, $(grep -E '^[0-9]+%: Checks' "$out/test_cuda_programs.log" | tail -1)"
        [ $rc = 0 ] || status=1
        for suite in test_tensor test_autograd; do
            build/tests/$suite >/dev/null 2>&1 || { log "$suite: FAILED on this machine"; status=1; }
        done
        if command -v compute-sanitizer >/dev/null || [ -x /usr/local/cuda/bin/compute-sanitizer ]; then
            CK_FORK=no timeout 300 compute-sanitizer --tool memcheck --print-limit 20 \
                build/tests/test_cuda >"$out/sanitizer.log" 2>&1
            rc=$?
            log "compute-sanitizer memcheck: exit $rc, $(grep -E 'ERROR SUMMARY' "$out/sanitizer.log" | tail -1)"
            [ $rc = 0 ] || status=1
        fi
        MG_FLAGS="--device cuda" sh tests/golden/run.sh build/mg >"$out/golden_cuda.log" 2>&1 || status=1
        log "$(tail -1 "$out/golden_cuda.log")"
        MG_FLAGS="--device cuda" sh tests/examples/run.sh build/mg >"$out/examples_cuda.log" 2>&1 || status=1
        log "examples with --device cuda: $(tail -1 "$out/examples_cuda.log")"
        # random differential tests of the cuda ops against PyTorch on the
        # CPU (tests/fuzz/torch_diff.py), when this python has torch
        py=${PYTHON:-python3}
        if "$py" -c "import torch, numpy" 2>/dev/null; then
            timeout 240 "$py" tests/fuzz/torch_diff.py --mg build/mg --device cuda --seed 1 --cases 1500 \
                >"$out/torch_diff_cuda.log" 2>&1
            rc=$?
            log "torch_diff --device cuda: exit $rc, $(tail -1 "$out/torch_diff_cuda.log")"
            [ $rc = 0 ] || status=1
        fi
        ;;
    bench)
        RESULTS="$out/gpu_results.md" PYTHON=${PYTHON:-python3} sh bench/gpu/run.sh 5 2>&1 | tee "$out/bench.log"
        log "bench: $(grep -c 'ratio' "$out/bench.log") benchmarks run (bench.log; gpu_results.md: the section for bench/RESULTS.md)"
        ;;
    *)
        log "gpu-check: unknown stage $stage"
        status=2
        ;;
    esac
done
exit $status
