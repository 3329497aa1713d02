#!/bin/sh
# errors.sh MG - "the prompt survives every error with its variables intact"
# (SPEC §8, docs/HARDENING.md). One session at the REAL prompt (tmux, a
# pseudo-terminal): defines variables, then types every kind of bad input of
# SPEC §8 in turn, checking each error message, then uses the variables made
# at the start. The polling helpers are in lib.sh, shared with run.sh.
# First, without tmux, the command line's own errors (SPEC §1: status 2);
# without tmux the session is skipped (said on the summary line).
# Prints one line per failure with the screen, then "prompt errors: N passed, N failed".
mg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
data=$(cd "$(dirname "$0")/../data" && pwd)
tmp=$(mktemp -d)
sock="mg-prompt-errors-$$"
suite="prompt errors"
. "$(dirname "$0")/lib.sh"

# cli STATUS STDERR_FIRST_LINE ARGS...: mg ARGS (stdin empty) exits with
# STATUS and its stderr starts with the line given
cli() {
    want_status=$1; want_err=$2; shift 2
    (cd "$tmp" && "$mg" "$@" </dev/null >/dev/null 2>"$tmp/cli.err")
    got=$?
    if [ "$got" = "$want_status" ] && [ "$(head -n 1 "$tmp/cli.err")" = "$want_err" ]; then
        ok
    else
        bad "" "mg $*: status $got (want $want_status), stderr:"
        sed 's/^/    | /' "$tmp/cli.err" | head -5
    fi
}
cli 2 "mg: cannot open 'missing.mg': No such file or directory" missing.mg
cli 2 "mg: cannot read '.': Is a directory" .
cli 2 "mg: -e needs an argument" -e
cli 2 "mg: unknown option '--bogus'" --bogus
cli 2 "mg: --device must be cpu or cuda, got 'gpu'" --device gpu -e 1
cli 1 "<cmdline>:1:6: error: cannot allocate 4.0 TB for a tensor of shape [1000000, 1000000]" -e 'zeros(1e6, 1e6)'
cli 3 "" -e 'exit(3)'

if ! command -v tmux >/dev/null 2>&1; then
    echo "prompt errors: $pass passed, $fail failed (tmux not found: the prompt session was skipped)"
    [ $fail = 0 ]; exit
fi
WAIT=${PROMPT_TEST_WAIT:-10}

S=errs
# the exit status goes to $tmp/$S.status: tmux does not always report it
T new-session -d -s $S -x 200 -y 50 -c "$tmp" \
    "env MG_HISTORY='$tmp/history' INPUTRC=/dev/null TERM=xterm '$mg'; echo \$? >'$tmp/$S.status'"
T set-option -t $S remain-on-exit on >/dev/null
T set-option -t $S history-limit 20000 >/dev/null
check $S "the prompt starts" wait_prompt $S

# ---- the variables that must survive ----
type_line $S 'let keep = tensor([1, 2, 3], grad)'
type_line $S 'let n = 41'
type_line $S 'fn inc(v) { return v + 1 }'
type_line $S 'let names = ["a", "b"]'
type_line $S 'let W = param(ones(2, 2))'
check $S "the variables are defined" wait_prompt $S

# bad INPUT EXPECTED: type INPUT, see EXPECTED, get the prompt back
errors=0
bad_input() {
    errors=$((errors + 1))
    type_line $S "$1"
    if wait_text $S "$2" && wait_prompt $S; then ok; else bad $S "after '$1': expected '$2'"; fi
}

# syntax (SPEC §8: with the expected token and a caret)
bad_input 'let 3 = 4'                    "error: expected a name after 'let', but found number 3"
bad_input 'x = 2 3'                      "error: expected ';' or newline after the statement, but found number 3"
bad_input 'print("open'                  "error: unterminated string"
bad_input 'let lr = 1.e-3'               "error: malformed number '1.e'"
bad_input 'let y = 3 $ 4'                "error: unexpected character '\$'"
bad_input 'let l = [1, 2)'               "error: expected ']' to close '[' at"
deep=$(printf '%0250d' 0 | tr 0 '(')1$(printf '%0250d' 0 | tr 0 ')')
bad_input "$deep"                        "error: nesting too deep (limit 200)"
# names, arguments, shapes, devices, sizes
bad_input 'kep + 1'                      "error: name 'kep' is not defined; did you mean 'keep'?"
bad_input 'matmul(keep)'                 "error: matmul: missing argument 'b'"
bad_input 'exp("one")'                   "error: bad argument #1 to 'exp' (tensor or number expected, got string)"
bad_input 'inc(1, 2)'                    "error: inc: expected at most 1 argument, got 2"
bad_input 'ones(4, 3) + ones(2)'         "error: shape mismatch in '+': [4, 3] and [2] cannot be broadcast"
bad_input 'W @ ones(3, 2)'               "error: matmul: shapes [2, 2] and [3, 2] cannot be multiplied"
bad_input 'to(keep, cuda)'               "error: cuda: no CUDA device is available"
bad_input 'zeros(1e10, 1e10, 1e10)'      "error: cannot allocate 4.0e+18 TB for a tensor of shape [10000000000, 10000000000, 10000000000]"
bad_input 'zeros(1e6, 1e6)'              "error: cannot allocate 4.0 TB for a tensor of shape [1000000, 1000000]"
type_line $S 'fn down(k) { return down(k + 1) }'
bad_input 'down(0)'                      "error: recursion depth exceeded (limit 10000)"
bad_input 'sum(keep, axis=0.5)'          "error: sum: argument 'axis' must be a whole number, got 0.5"
bad_input 'names[5]'                     "error: list index 5 out of range for a list of 2 elements"
bad_input 'keep[3]'                      "error: index 3 is out of range for dimension 0 with size 3"
bad_input 'assert(n == 0, "n is not 0")' "error: assertion failed: n is not 0"
# autograd misuse
bad_input 'keep += 1'                    "error: in-place update of a leaf tensor that requires grad"
bad_input 'backward(keep * 2)'           "error: backward: y has shape [3]; pass a gradient of that shape"
bad_input 'backward(sum(ones(2)))'       "error: backward: y does not require grad"
type_line $S 'let d = keep * 1'
type_line $S 'let e = d * d'
type_line $S 'd *= 2'
bad_input 'backward(sum(e))'             "was modified in place after it was used (version 1, expected 0)"
type_line $S 'let y = sum(keep * keep)'
type_line $S 'backward(y)'
bad_input 'backward(y)'                  "error: backward: the graph was already freed by an earlier backward()"
# files
bad_input "load(\"$data/truncated.npy\")"  "is truncated: shape [2, 3] needs 24 data bytes, the file has 19"
bad_input "load(\"$data/bad_magic.npy\")"  "is not a .npy file"
bad_input "load(\"$data/big_endian.npy\")" "is big-endian ('>f4')"
bad_input "load(\"$data/fortran.npy\")"    "is in Fortran order"
bad_input "load(\"$data/int64.npy\")"      "has dtype '<i8'"
bad_input 'load("missing.npy")'          "error: load: cannot open 'missing.npy': No such file or directory"
bad_input 'save(keep, "no_such_dir/k.npy")' "error: save: cannot write 'no_such_dir/k.npy'"
bad_input ':load missing.mg'             "error: cannot read 'missing.mg': No such file or directory"
bad_input ':load .'                      "error: cannot read '.': Is a directory"
bad_input ':save no_such_dir/s.mg'       "error: cannot write 'no_such_dir/s.mg': No such file or directory"
printf 'let broken = 1 +\n' >"$tmp/broken.mg"
bad_input ':load broken.mg'              "broken.mg:1:17: error: expected expression, but found end of input"
# budgets that mg itself keeps: lists may not hold themselves
bad_input 'append(names, names)'         "error: append: a list cannot contain itself"
# division by zero is IEEE, not an error
type_line $S 'print(1 / 0, n / 0 - n / 0)'
check $S "division by zero gives inf and nan" wait_text $S "inf nan"

# ---- every variable is intact ----
check $S "the prompt is still running" [ "$(T display-message -p -t $S '#{pane_dead}')" = 0 ]
check $S "one error message per bad input" wait_text $S "error:" $errors
type_line $S 'print("n:", inc(n), names, shape(W))'
check $S "a number, a function, a list and a tensor survive" wait_text $S 'n: 42 ["a", "b"] [2, 2]'
type_line $S 'print("keep:", keep, keep.requires_grad)'
check $S "a leaf survives a refused in-place update unchanged" wait_text $S 'keep: tensor([1, 2, 3]'
check $S "the leaf still requires grad" wait_text $S ') true'
type_line $S 'keep.grad = none'
type_line $S 'backward(sum(keep * keep))'
type_line $S 'print("grad:", keep.grad)'
check $S "backward still works on the surviving leaf" wait_text $S 'grad: tensor([2, 4, 6])'
type_line $S ':quit'
# status 0: under the sanitizers (scripts/sanitize-check.sh) a leak found at
# exit makes it nonzero
saved_wait=$WAIT; WAIT=$((3 * WAIT))   # the leak check at exit takes a while under ASan
poll [ -s "$tmp/$S.status" ]
WAIT=$saved_wait
check $S ":quit ends the session with status 0" [ "$(cat "$tmp/$S.status" 2>/dev/null)" = 0 ]

echo "prompt errors: $pass passed, $fail failed"
[ $fail = 0 ]
