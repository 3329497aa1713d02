#!/bin/sh
# install-deps.sh - installs what mg needs to build and test, if missing.
# As root it uses apt-get; otherwise it prints the command to run.
#
#   build:  libreadline-dev (the prompt), check (C unit tests),
#           libopenblas-dev (CPU GEMM), pkg-config
#   tests:  tmux (drives the prompt in a pseudo-terminal), libxml2-utils
#           (xmllint checks plot SVGs), graphviz (renders dot() output);
#           the tests that need one of these skip with a message without it.
#
# python3-torch and python3-numpy are only for regenerating reference data
# and running the PyTorch twins of the benchmarks: never needed to run mg.
# The CUDA toolkit is not installed here: the GPU backend is built when
# nvcc exists (PATH or /usr/local/cuda/bin).
set -e
need_build=""
need_test=""
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in libreadline-dev check libopenblas-dev pkg-config; do
    have_pkg "$p" || need_build="$need_build $p"
done
for p in tmux libxml2-utils graphviz; do
    have_pkg "$p" || need_test="$need_test $p"
done
need="$need_build$need_test"
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "install-deps: installing$need"
    apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
else
    echo "install-deps: missing$need; run as root:"
    echo "  apt-get install -y$need"
    # Without the test tools the tests that need them skip; without the
    # build dependencies nothing can be built.
    [ -z "$need_build" ] || exit 1
fi
