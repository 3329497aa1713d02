#!/bin/sh
# ops_doc.sh MG - docs/OPS.md documents every builtin, with its signature.
#
#   sh tests/docs/ops_doc.sh build/mg        (run by `make check`, target examples)
#
# The builtins and their signatures come from the binary itself: `help()`
# lists every row of the builtins table (src/eval/builtins_*.c) and
# `help("NAME")` starts with the row's signature. Each must appear in
# docs/OPS.md as a table row starting  | `NAME` | `SIGNATURE` |
# Prints every builtin that is missing or whose signature differs, then
#   ops_doc: N builtins, M missing or out of date
# and exits 1 if M > 0 (2 if mg cannot be run).
cd "$(dirname "$0")/../.." || exit 2
mg=${1:-build/mg}
doc=docs/OPS.md
[ -f "$doc" ] || { echo "ops_doc: $doc not found"; exit 1; }

names=$("$mg" -e 'help()' | tail -n +2) || { echo "ops_doc: cannot run $mg"; exit 2; }
[ -n "$names" ] || { echo "ops_doc: $mg -e 'help()' listed no builtins"; exit 2; }

# one line per builtin: its signature (descriptions are indented, signatures are not)
sigs=$(for n in $names; do printf 'help("%s")\n' "$n"; done | "$mg" | grep -v '^ ') ||
    { echo "ops_doc: help(NAME) failed in $mg"; exit 2; }

# the doc's rows as "NAME<TAB>SIGNATURE": | `NAME` | `SIG` | ...
rows=$(sed -n 's/^| `\([^`]*\)` | `\([^`]*\)` |.*/\1\t\2/p' "$doc")

total=0; bad=0
tab=$(printf '\t')
for n in $names; do
    total=$((total + 1))
    sig=$(printf '%s\n' "$sigs" | awk -v n="$n" 'index($0, n "(") == 1 { print; exit }')
    row=$(printf '%s\n' "$rows" | awk -F "$tab" -v n="$n" '$1 == n { print $2; exit }')
    if [ -z "$row" ]; then
        echo "ops_doc: builtin '$n' is missing from $doc (add a row: | \`$n\` | \`$sig\` | ...)"
        bad=$((bad + 1))
    elif [ "$row" != "$sig" ]; then
        echo "ops_doc: '$n' in $doc has signature \`$row\`; the builtins table says \`$sig\`"
        bad=$((bad + 1))
    fi
done
echo "ops_doc: $total builtins, $bad missing or out of date"
[ "$bad" -eq 0 ]
