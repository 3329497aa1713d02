#!/bin/sh
# install-deps.sh - installs what mg needs to build and test, if missing.
# As root it uses apt-get; otherwise it prints the command to run.
# python3-torch and python3-numpy are only for regenerating reference data
# and running the PyTorch twins of the benchmarks: never needed to run mg.
set -e
need=""
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in libreadline-dev check libopenblas-dev pkg-config; do
    have_pkg "$p" || need="$need $p"
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "install-deps: installing$need"
    apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
else
    echo "install-deps: missing$need; run as root:"
    echo "  apt-get install -y$need"
    exit 1
fi
