#!/bin/sh
# build.sh OUT - builds OUT/libmg_cuda_emu.so: the .cu files of src/cuda compiled by g++
# as plain C++ for the host emulation in emu.h / emu.cpp. It checks the
# kernels' LOGIC on the host; it is NOT a GPU build (see emu.h).
#
# Each file is copied to OUT/src/cuda/ with its launches rewritten
#     kernel<T, X><<<grid, CU_THREADS, 0, cu_stream()>>>(args);
#  -> emu_launch((grid), CU_THREADS, [&]{ kernel<T, X>(args); });
# (a launch written any other way stops the build: the emulator would
# silently not run it). OUT/src/tensor and OUT/src/util link back to the
# sources, so the copies' relative #includes still work.
# Needs g++, python3 and the CUDA headers ($CUDA_INC, /usr/local/cuda/include).
set -e
out=$1
root=$(pwd)
inc=${CUDA_INC:-/usr/local/cuda/include}
here=$root/tests/cuda_emu
mkdir -p "$out/src/cuda"
ln -sfn "$root/src/tensor" "$out/src/tensor"
ln -sfn "$root/src/util" "$out/src/util"
python3 - "$root/src/cuda" "$out/src/cuda" <<'PY'
import glob, os, re, sys
src, dst = sys.argv[1], sys.argv[2]
launch = re.compile(r'([A-Za-z_][\w:]*(?:<[^<>;]*>)?)<<<(.*?),\s*CU_THREADS,\s*0,\s*cu_stream\(\)>>>\((.*?)\);', re.S)
for path in sorted(glob.glob(os.path.join(src, '*'))):
    text = open(path).read()
    text = launch.sub(lambda m: 'emu_launch((%s), CU_THREADS, [&]{ %s(%s); });'
                      % (m.group(2), m.group(1), m.group(3)), text)
    if '<<<' in text:
        sys.exit('cuda-emu: a launch in %s is not written as kernel<<<grid, CU_THREADS, 0, cu_stream()>>>(...);' % path)
    new = os.path.join(dst, os.path.basename(path))
    if not os.path.exists(new) or open(new).read() != text:   # unchanged files keep their time stamp
        open(new, 'w').write(text)
PY
# -w on the kernels: nvcc's own build (-Wall -Wextra) judges their warnings;
# here g++ sees CUDA attributes it does not know.
flags="-std=c++17 -O1 -g -fPIC -I$inc"
pids=""
objs=""
for f in "$out"/src/cuda/*.cu; do
    o=${f%.cu}.o
    objs="$objs $o"
    if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ -n "$(find "$root/src/tensor" "$root/src/util" "$root/src/cuda" "$here" -newer "$o" \( -name '*.h' -o -name '*.cuh' \) 2>/dev/null | head -1)" ]; then
        g++ $flags -w -include "$here/emu.h" -x c++ -c -o "$o" "$f" &
        pids="$pids $!"
    fi
done
g++ $flags -Wall -Wextra -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=0 -c -o "$out/emu.o" "$here/emu.cpp" &
pids="$pids $!"
status=0
for p in $pids; do wait "$p" || status=1; done
[ $status = 0 ] || { echo "cuda-emu: build failed" >&2; exit 1; }
g++ -shared -o "$out/libmg_cuda_emu.so" $objs "$out/emu.o"
