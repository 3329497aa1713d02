# lib.sh - what bench/run.sh and bench/gpu/run.sh share (sourced, not run):
# each benchmark program times its own region and prints "seconds T"; a
# pair (an mg program and its PyTorch twin) runs alternately, and the
# medians are compared.

# seconds CMD...: the T of CMD's "seconds T" line
seconds() { "$@" 2>&1 | awk '/^seconds /{print $2}'; }

# median < numbers (one per line); nan when there are none
median() { sort -g | awk '{a[NR]=$1} END{ if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }

# run_pair MG_CMD PY_CMD REPS: runs "$mg MG_CMD" and, unless PY_CMD is
# empty, "$py PY_CMD" alternately REPS times each; sets mg_median and
# py_median (nan without a PyTorch side).
run_pair() {
    _mg_times=$(mktemp); _py_times=$(mktemp)
    _i=0
    while [ $_i -lt "$3" ]; do
        seconds "$mg" "$1" >>"$_mg_times"
        [ -n "$2" ] && seconds "$py" "$2" >>"$_py_times"
        _i=$((_i + 1))
    done
    mg_median=$(median <"$_mg_times"); py_median=$(median <"$_py_times")
    rm -f "$_mg_times" "$_py_times"
}

# ratio M P: M / P with three decimals, n/a when either is missing
ratio() { awk -v m="$1" -v p="$2" 'BEGIN{ if (m=="" || p=="" || p=="nan" || p+0==0) print "n/a"; else printf "%.3f", m/p }'; }
