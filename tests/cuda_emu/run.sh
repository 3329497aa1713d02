#!/bin/sh
# run.sh BUILD - the CUDA kernels' LOGIC checked on the host: builds
# BUILD/cuda-emu/libmg_cuda_emu.so (build.sh) and runs BUILD/tests/test_cuda
# and test_cuda_programs with it as the CUDA backend, then every golden
# script and every example with `--device cuda` (tests/golden/run.sh,
# cuda_differs.txt, tests/examples/run.sh). A host emulation (emu.h), NOT a GPU run.
# Skips, successfully, without the CUDA headers; fails when a case fails.
build=$1
inc=${CUDA_INC:-/usr/local/cuda/include}
if [ ! -f "$inc/cuda_runtime.h" ]; then
    echo "cuda-emu: skipped ($inc/cuda_runtime.h not found; host emulation of the CUDA kernels, not a GPU)"
    exit 0
fi
sh tests/cuda_emu/build.sh "$build/cuda-emu" || exit 1
lib="$(pwd)/$build/cuda-emu/libmg_cuda_emu.so"
for suite in test_cuda test_cuda_programs; do
    echo "== $suite under cuda-emu (host emulation, not a GPU)"
    if ! MG_CUDA_LIB="$lib" "$build/tests/$suite"; then
        echo "cuda-emu: $suite FAILED (host emulation, not a GPU)"
        exit 1
    fi
done
# the whole golden suite again with cuda as the default device
echo "== golden scripts with --device cuda under cuda-emu (host emulation, not a GPU)"
MG_CUDA_LIB="$lib" MG_FLAGS="--device cuda" sh tests/golden/run.sh "$build/mg" || {
    echo "cuda-emu: golden scripts with --device cuda FAILED (host emulation, not a GPU)"
    exit 1
}
echo "== examples with --device cuda under cuda-emu (host emulation, not a GPU)"
log=$build/cuda-emu/examples.log
if ! MG_CUDA_LIB="$lib" MG_FLAGS="--device cuda" sh tests/examples/run.sh "$build/mg" >"$log" 2>&1; then
    grep -v '^ok ' "$log"
    echo "cuda-emu: examples with --device cuda FAILED (host emulation, not a GPU)"
    exit 1
fi
tail -1 "$log"
echo "cuda-emu: test_cuda, test_cuda_programs, the golden scripts and the examples on cuda passed (host emulation, not a GPU)"
