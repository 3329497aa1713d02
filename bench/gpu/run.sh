#!/bin/sh
# bench/gpu/run.sh [REPS] - the GPU benchmarks: runs each mg program and its
# PyTorch twin alternately, REPS times each (default 5), and prints the
# median times, the ratio mg/PyTorch, and for the copy and the sum the
# bandwidth they reached (bytes moved / seconds). Appends a dated table,
# headed by the GPU's name, to $RESULTS (default bench/RESULTS.md).
#
# Each program times its own region after a warm-up, between two sync()
# (torch.cuda.synchronize()) calls, and prints "seconds T". Needs build/mg
# with build/libmg_cuda.so next to it (make), a CUDA GPU, and a python with
# a CUDA-enabled torch (PYTHON=/path/to/python; Debian's python3-torch is
# CPU-only: then only the mg side runs).
set -u
cd "$(dirname "$0")/../.."
reps=${1:-5}
mg=${MG:-build/mg}
py=${PYTHON:-python3}
[ -x "$mg" ] || { echo "run.sh: build $mg first (make)"; exit 2; }
"$mg" -e 'assert(cuda_available(), "no CUDA device")' >/dev/null 2>&1 ||
    { echo "run.sh: $mg finds no CUDA device (is $(dirname "$mg")/libmg_cuda.so built?)"; exit 2; }
have_torch=yes
"$py" -c "import torch; assert torch.cuda.is_available()" 2>/dev/null ||
    { echo "run.sh: $py has no CUDA torch; running the mg side only"; have_torch=no; }

. bench/lib.sh   # seconds, median, run_pair, ratio
# GB/s for BYTES moved in S seconds
gbps() { awk -v b="$1" -v s="$2" 'BEGIN{ if (s=="" || s=="nan" || s+0==0) print "n/a"; else printf "%.0f", b/s/1e9 }'; }

# bytes each timed region moves (for bandwidth): 64M f32 = 268435456 bytes
N4=268435456
bytes_of() {
    case $1 in
    copy) echo $((2 * N4 * 20)) ;;          # read + write, 20 copies
    sum) echo $((N4 * 20)) ;;               # read, 20 sums
    elementwise) echo $((8 * N4 * 20)) ;;   # a*b, +a, exp: 5 reads + 3 writes, 20 times
    *) echo 0 ;;
    esac
}

table=$(mktemp)
printf '| benchmark | mg (s) | PyTorch (s) | mg/PyTorch | mg bandwidth | goal (issue 5) |\n|---|---|---|---|---|---|\n' >"$table"
results=${RESULTS:-bench/RESULTS.md}
for name in elementwise copy sum matmul softmax mlp scalar_loop; do
    twin=""; [ $have_torch = yes ] && twin="bench/gpu/$name.py"
    run_pair "bench/gpu/$name.mg" "$twin" "$reps"
    m=$mg_median; p=$py_median; ratio=$(ratio "$m" "$p")
    bw=""
    case $name in
    elementwise|copy|sum) bw="$(gbps "$(bytes_of "$name")" "$m") GB/s" ;;
    esac
    printf '%-12s mg %10ss  torch %10ss  ratio %s %s\n' "$name" "$m" "$p" "$ratio" "$bw"
    case $name in
    elementwise|sum) goal=">= 80% of copy's bandwidth" ;;
    matmul) goal="<= 1.10" ;;
    mlp) goal="<= 1.0" ;;
    scalar_loop) goal="< 1.0" ;;
    *) goal="" ;;
    esac
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$m" "$p" "$ratio" "$bw" "$goal" >>"$table"
done

{
    echo
    echo "## $(date -u +%Y-%m-%d) — GPU: $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1), median of $reps runs"
    echo
    cat "$table"
} >>"$results"
rm -f "$table"
echo "appended to $results"
