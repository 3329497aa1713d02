#!/bin/sh
# run.sh MG - drives the real prompt of MG in a pseudo-terminal (tmux) and
# checks what a person at the keyboard would see: completion, continuation
# lines, values, error recovery, Ctrl-C, Ctrl-D, history, and the commands.
#
# Output is awaited by polling `tmux capture-pane` for the expected text with
# a timeout (never a fixed long sleep), so the run takes a few seconds; the
# helpers are in lib.sh, shared with errors.sh.
# Prints one line per failure with the screen, then "prompt: N passed, N failed".
# Without tmux it prints one line and succeeds.
if ! command -v tmux >/dev/null 2>&1; then
    echo "prompt: tmux not found; skipping"
    exit 0
fi
mg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
sock="mg-prompt-test-$$"
suite=prompt
. "$(dirname "$0")/lib.sh"
WAIT=${PROMPT_TEST_WAIT:-5}     # seconds to wait for expected output

# start NAME: a session running the prompt with its own history file; the
# exit status goes to $tmp/NAME.status (tmux does not always report it)
start() {
    T new-session -d -s "$1" -x 150 -y 40 -c "$tmp" \
        "env MG_HISTORY='$tmp/history' INPUTRC=/dev/null TERM=xterm '$mg'; echo \$? >'$tmp/$1.status'"
    T set-option -t "$1" remain-on-exit on >/dev/null
}
# wait until the prompt's process has ended (its status file is written)
wait_exit() { poll [ -s "$tmp/$1.status" ]; }

# ---- a session at work ----
S=main
start $S
check $S "the prompt starts" wait_prompt $S

type_line $S "let a = 20"
type_line $S "a * 2 + 1"
check $S "a bare expression prints its value" wait_text $S "41"

type_line $S "let s = [1,"
check $S "an open bracket asks for a continuation line" wait_line $S "..."
type_line $S "2, 3]"
type_line $S "len(s) * 111"
check $S "the continued statement ran" wait_text $S "333"
check $S "the continuation line shows '... '" wait_text $S "... 2, 3]"

type_line $S "fn twice(v) {"
type_line $S "  return v *"
type_line $S "    2"
type_line $S "}"
type_line $S "twice(1000.5)"
check $S "a function typed over four lines" wait_text $S "2001"

type_line $S "undefined_thing + 1"
check $S "an error is printed with its position" wait_text $S "<stdin>:11:1: error: name 'undefined_thing' is not defined"
check $S "an error is printed with a caret" wait_text $S "      | ^"
type_line $S "a + 7000"
check $S "variables survive an error" wait_text $S "7020"

# completion of a keyword, a builtin, a variable, an attribute, a method
type_text $S "whi"; key $S Tab
check $S "Tab completes a keyword" wait_line $S "mg> while"
key $S C-u
type_text $S "sigm"; key $S Tab
check $S "Tab completes a builtin with '('" wait_line $S "mg> sigmoid("
key $S C-u
type_line $S "let my_long_variable = 7"
type_text $S "my_lo"; key $S Tab
check $S "Tab completes a variable" wait_line $S "mg> my_long_variable"
key $S C-u
type_line $S "let t = tensor([1.5, 2.5], grad)"
type_text $S "t.requi"; key $S Tab
check $S "Tab completes an attribute after 'x.'" wait_line $S "mg> t.requires_grad"
key $S Enter
check $S "the completed attribute runs" wait_text $S "true"
type_text $S "t.su"; key $S Tab
check $S "Tab completes a tensor method after 'x.'" wait_line $S "mg> t.sum("
type_line $S ")"
check $S "the completed method runs" wait_text $S "tensor(4, grad_fn=sum)"
type_text $S "t.gr"; key $S Tab; key $S Tab
check $S "Tab Tab lists the attributes that match" wait_text $S "grad_fn"
key $S C-u
type_line $S "let opt = sgd([t], 0.1)"
type_text $S "opt.ze"; key $S Tab
check $S "Tab completes an optimizer method" wait_line $S "mg> opt.zero_grad("
key $S C-u
type_text $S ":he"; key $S Tab
check $S "Tab completes a command" wait_line $S "mg> :help"
key $S C-u
wait_prompt $S

# Ctrl-C during a running statement, then at the prompt
type_line $S "while true { }"
# the loop must have started before Ctrl-C: send it again if it came too early
sleep 0.2
for try in 1 2 3; do
    key $S C-c
    saved_wait=$WAIT; WAIT=1
    wait_text $S "interrupted"; got_it=$?
    WAIT=$saved_wait
    [ $got_it = 0 ] && break
done
check $S "Ctrl-C stops a running statement with 'interrupted'" wait_text $S "interrupted"
check $S "the prompt comes back after Ctrl-C" wait_prompt $S
type_line $S "a + 9000"
check $S "the session goes on after Ctrl-C" wait_text $S "9020"
type_text $S "let lost = 1"
key $S C-c
check $S "Ctrl-C at the prompt shows a fresh prompt" wait_prompt $S
type_line $S "lost"
check $S "Ctrl-C at the prompt drops the line" wait_text $S "name 'lost' is not defined"

# the commands
type_line $S ":vars"
check $S ":vars shows a tensor's shape, dtype, device, requires_grad" \
    wait_text $S "tensor    [2] f32 cpu requires_grad=true"
check $S ":vars shows a number" wait_text $S "number    20"
check $S ":vars shows a function" wait_text $S "twice             function"
"$mg" -e 'help("leaky_relu")' >"$tmp/help.txt" 2>&1
type_line $S ":help leaky_relu"
check $S ":help NAME shows help(NAME)'s signature" wait_text $S "$(sed -n 1p "$tmp/help.txt")"
check $S ":help NAME shows help(NAME)'s description" wait_text $S "$(sed -n 2p "$tmp/help.txt")"
type_line $S ":help"
check $S ":help lists the commands" wait_text $S ":save FILE"
check $S ":help lists the builtins by group" wait_text $S "autograd"
type_line $S ":time sum(ones(1000)) + 0.5"
check $S ":time prints the value" wait_text $S "1000.5"
check $S ":time prints the wall time on the cpu" wait_text $S " wall (cpu)"
type_line $S ":nope"
check $S "an unknown command lists the commands" wait_text $S "unknown command ':nope'; the commands are :help"
check $S "history is written after each statement" grep -q -F "let my_long_variable = 7" "$tmp/history"
type_line $S ":reset"
check $S ":reset says so" wait_text $S "variables cleared"
type_line $S "my_long_variable"
check $S ":reset forgets the variables" wait_text $S "name 'my_long_variable' is not defined"
wait_prompt $S

# Ctrl-D quits with status 0
key $S C-d
check $S "Ctrl-D quits" wait_exit $S
status=$(cat "$tmp/$S.status" 2>/dev/null)
check $S "Ctrl-D quits with status 0 (got '$status')" [ "$status" = 0 ]

# ---- history in a new session ----
S=again
start $S
wait_prompt $S
key $S Up
check $S "history from the last session: Up recalls the last input" wait_line $S "mg> my_long_variable"
key $S C-u
key $S C-r; type_text $S "twice(v"; key $S Enter
type_line $S "twice(21)"
check $S "history keeps a multi-line input as one entry (found with Ctrl-R, it runs)" wait_text $S "42"
type_line $S ":quit"
check $S ":quit quits" wait_exit $S

# ---- :save writes a script that gives the same results ----
S=save
start $S
wait_prompt $S
type_line $S "let w = tensor([1, 2, 3], grad)"
type_line $S "let l = sum(w * w)"
type_line $S "backward(l)"
type_line $S "w.grad"
type_line $S "l; print(\"done\")"
type_line $S "bad_name"
type_line $S "fn sq(v) {"
type_line $S "  return v * v"
type_line $S "}"
type_line $S "sq(7) # a comment"
type_line $S ":save saved.mg"
check $S ":save reports what it wrote" wait_text $S "saved 8 statements to saved.mg"
printf 'tensor([2, 4, 6])\ntensor(14, grad_fn=sum)\ndone\n49\n' >"$tmp/want.txt"
for line in "tensor([2, 4, 6])" "tensor(14, grad_fn=sum)" "done" "49"; do
    check $S "the session showed $line" wait_text $S "$line"
done
(cd "$tmp" && "$mg" saved.mg >"$tmp/got.txt" 2>&1)
check "" "the saved script runs with status 0" [ $? = 0 ]
if cmp -s "$tmp/want.txt" "$tmp/got.txt"; then ok; else
    bad "" "the saved script prints what the session showed"; diff "$tmp/want.txt" "$tmp/got.txt" | sed 's/^/    | /'
fi
check $S "the failed statement is not saved" sh -c "! grep -q bad_name '$tmp/saved.mg'"
type_line $S ":load saved.mg"
check $S ":load runs a file in the session" wait_text $S "done" 2
type_line $S "sq(w.grad)"
check $S ":load keeps the file's variables" wait_text $S "tensor([ 4, 16, 36])"
key $S C-d

# ---- not a terminal: stdin is a script, no prompt ----
out=$(printf 'let z = 2\nprint(z * 21)\n' | MG_HISTORY=/dev/null "$mg" 2>&1)
check "" "stdin that is not a terminal runs as a script without prompts" [ "$out" = "42" ]

echo "prompt: $pass passed, $fail failed"
[ $fail = 0 ]
