#!/bin/sh
# strip_cuda.sh < OUT - the output of a program run with cuda as the default
# device, as the CPU would print it: printed tensors lose their `, cuda`
# annotation (also when it wrapped onto a line of its own, `       cuda)`),
# and graph() lines lose their device column (`[2] cuda  at` -> `[2]  at`).
# Used by tests/golden/run.sh and tests/examples/run.sh when MG_FLAGS asks
# for cuda, so one expected output serves both devices.
sed -e 's/, cuda\([,)]\)/\1/g' -e 's/^\( *\)cuda)$/\1)/' -e 's/\] cuda  /]  /' -e 's/\] cuda$/]/' |
    awk '/^ *\)$/ && prev ~ /,$/ { sub(/,$/, ")", prev); next }
         NR > 1 { print prev } { prev = $0 } END { if (NR) print prev }'
