#!/bin/sh
# run.sh BUILD - the SIMD kernels give the same bits on every instruction set.
#
# BUILD/mg picks its kernels' best clone for this machine (AVX-512, AVX2 or
# SSE2; src/cpu/cpu_math.h). BUILD/simd3/mg and BUILD/simd2/mg have the
# same kernels capped at AVX2 and at SSE2 (`make simd-check` builds them).
# Each runs kernels.mg in its own directory; every .npy file it writes must
# be identical across the three, bit for bit, except that a nan may differ
# in sign and payload (IEEE 754 leaves those to the instruction order; they
# are not part of any result). Prints the differing files, then
#   simd: N files identical at AVX-512 (this machine's pick), AVX2 and SSE2
# or "simd: N files, K differ ..." and exit status 1.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# What BUILD/mg's clones resolve to here (gcc picks the highest level the
# CPU supports; x86-64-v4 needs the AVX-512 F, BW, CD, DQ and VL subsets).
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
case "$flags" in
    *avx512f*avx512dq*avx512cd*avx512bw*avx512vl*) best="AVX-512" ;;
    *avx2*) best="AVX2" ;;
    *) best="SSE2" ;;
esac
for level in best simd3 simd2; do
    bin="$build/mg"
    [ "$level" = best ] || bin="$build/$level/mg"
    [ -x "$bin" ] || { echo "simd: $bin is missing (make simd-check builds it)"; exit 2; }
    bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
    mkdir "$tmp/$level"
    (cd "$tmp/$level" && "$bin" "$here/kernels.mg") >"$tmp/$level.log" 2>&1 || {
        cat "$tmp/$level.log"
        echo "simd: kernels.mg failed with $bin"
        exit 1
    }
done
# words FILE: the file as f32 or f64 words in hex (by its name), one per
# line, every nan written as "nan". A word is nan when, without its sign
# bit, it is above inf's pattern (same-length lower-case hex compares as
# strings). The .npy header is ASCII, whose bytes are below 0x80, so no
# header word looks like a nan.
words() {
    case "$1" in *_f64.npy) size=8 inf=7ff0000000000000 ;; *) size=4 inf=7f800000 ;; esac
    od -An -v -tx$size "$1" | tr -s ' ' '\n' | awk -v inf="$inf" 'NF {
        w = $1; i = index("89abcdef", substr(w, 1, 1))
        if (i) w = substr("01234567", i, 1) substr(w, 2)
        print (w > inf ? "nan" : $1) }'
}
n=0 differ=0
for f in "$tmp/best"/*.npy; do
    file=$(basename "$f")
    n=$((n + 1))
    words "$f" >"$tmp/best.words"
    for level in simd3 simd2; do
        words "$tmp/$level/$file" | cmp -s "$tmp/best.words" - ||
            { echo "differs: $file ($best vs $level)"; differ=$((differ + 1)); }
    done
done
[ "$n" -gt 100 ] || { echo "simd: only $n files written"; exit 1; }
if [ "$differ" = 0 ]; then
    echo "simd: $n files identical at $best (this machine's pick), AVX2 and SSE2"
else
    echo "simd: $n files, $differ differ between $best (this machine's pick), AVX2 and SSE2"
    exit 1
fi
