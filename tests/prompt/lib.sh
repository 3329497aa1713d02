# lib.sh - sourced by run.sh and errors.sh: driving mg's real prompt in a
# pseudo-terminal (tmux) and counting checks.
#
# The sourcing script first sets
#   tmp    a scratch directory (removed at exit)
#   sock   the name of its own tmux server (killed at exit)
#   suite  the name on its failure lines: "FAIL $suite: ..."
# and, before it polls, WAIT: the seconds to wait for expected output.
# Output is awaited by polling the screen with that timeout (never a fixed
# long sleep), so a run takes a few seconds.

T() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
pass=0; fail=0

# ---- the screen and the keyboard ----

screen() { T capture-pane -p -J -S - -t "$1"; }
# the last line that is not blank
last_line() { screen "$1" | sed 's/[[:space:]]*$//' | grep -v '^$' | tail -n 1; }
type_line() { T send-keys -t "$1" -l "$2"; T send-keys -t "$1" Enter; }
type_text() { T send-keys -t "$1" -l "$2"; }
key() { T send-keys -t "$1" "$2"; }

# ---- waiting ----

# poll COMMAND...: runs it every 20 ms until it succeeds (status 0) or WAIT
# seconds have passed (status 1)
poll() {
    end=$(( $(date +%s) + WAIT ))
    while :; do
        "$@" && return 0
        [ "$(date +%s)" -gt "$end" ] && return 1
        sleep 0.02
    done
}
# `screen NAME | grep -F -- TEXT` matches COUNT times (default 1)
has_text() { [ "$(screen "$1" | grep -c -F -- "$2")" -ge "${3:-1}" ]; }
# the current input line (the last line) is exactly TEXT
is_line() { [ "$(last_line "$1")" = "$2" ]; }

wait_text() { poll has_text "$@"; }          # wait_text NAME TEXT [COUNT]
wait_line() { poll is_line "$1" "$2"; }      # wait_line NAME TEXT
wait_prompt() { poll is_line "$1" "mg>"; }   # the prompt waits for input again

# ---- counting ----

ok() { pass=$((pass + 1)); }
# bad SESSION WHAT: a failure line, then the session's screen (none for "")
bad() {
    fail=$((fail + 1))
    echo "FAIL $suite: $2"
    [ -n "$1" ] && screen "$1" | grep -v '^[[:space:]]*$' | tail -n 15 | sed 's/^/    | /'
}
# check SESSION WHAT COMMAND...: the command must succeed
check() { s=$1; what=$2; shift 2; if "$@"; then ok; else bad "$s" "$what"; fi; }
