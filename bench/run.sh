#!/bin/sh
# bench/run.sh [REPS] - runs each mg benchmark and its PyTorch twin alternately,
# REPS times each (default 5), in one run; prints the median times and the
# ratio mg/PyTorch, then start-up time and the memory check, and appends a
# dated table to bench/RESULTS.md.
#
# Each program times its own region after a warm-up and prints "seconds T",
# so process start-up and `import torch` stay out of the ratios. Both sides
# use 2 threads. Needs build/mg (make; MG=path picks another build) and
# /usr/bin/python3 with python3-torch.
set -u
cd "$(dirname "$0")/.."
reps=${1:-5}
mg=${MG:-build/mg}
py=${PYTHON:-/usr/bin/python3}
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2
[ -x "$mg" ] || { echo "run.sh: build $mg first (make)"; exit 2; }
"$py" -c "import torch" 2>/dev/null || { echo "run.sh: $py cannot import torch (apt-get install python3-torch)"; exit 2; }

. bench/lib.sh   # seconds, median, run_pair, ratio

table=$(mktemp)
printf '| benchmark | mg (s) | PyTorch (s) | mg/PyTorch | goal |\n|---|---|---|---|---|\n' >"$table"
for spec in scalar_loop:0.05 tiny_mlp:0.3 mlp:1.0 matmul:1.05 elementwise:0.5 softmax:0.5; do
    name=${spec%%:*}; goal=${spec#*:}
    run_pair "bench/$name.mg" "bench/$name.py" "$reps"
    m=$mg_median; p=$py_median; ratio=$(ratio "$m" "$p")
    printf '%-12s mg %8ss  torch %8ss  ratio %s (goal <= %s)\n' "$name" "$m" "$p" "$ratio" "$goal"
    printf '| %s | %s | %s | %s | <= %s |\n' "$name" "$m" "$p" "$ratio" "$goal" >>"$table"
done

# 7. start-up: mean wall time of `build/mg -e 1` over 50 runs.
start=$(date +%s%N); i=0
while [ $i -lt 50 ]; do "$mg" -e 1 >/dev/null; i=$((i + 1)); done
end=$(date +%s%N)
startup_ms=$(awk -v a="$start" -v b="$end" 'BEGIN{ printf "%.2f", (b-a)/50/1e6 }')
echo "start-up     $mg -e 1: ${startup_ms} ms (goal < 5 ms)"
printf '| start-up (`mg -e 1`) | %s ms | | | < 5 ms |\n' "$startup_ms" >>"$table"

# 8. memory: live tensor bytes constant over 3000 steps, and peak RSS.
memline=$(/usr/bin/time -f 'peak_rss_kb %M' "$mg" bench/memory.mg 2>&1)
rss_kb=$(echo "$memline" | awk '/^peak_rss_kb/{print $2}')
live=$(echo "$memline" | grep 'live bytes' || echo "memory.mg failed: $memline")
echo "memory       $live; peak RSS $((rss_kb / 1024)) MB (goal < 64 MB)"
printf '| memory (3000 steps) | peak RSS %s MB; %s | | | < 64 MB, equal live bytes |\n' "$((rss_kb / 1024))" "$live" >>"$table"

{
    echo
    echo "## $(date -u +%Y-%m-%d) — $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), median of $reps runs"
    echo
    cat "$table"
} >>bench/RESULTS.md
rm -f "$table"
echo "appended to bench/RESULTS.md"
