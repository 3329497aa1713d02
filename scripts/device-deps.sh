#!/bin/sh
# device-deps.sh - mg's build dependencies for a machine that cannot install
# them: the lent GPU machine (no package registry, no libreadline-dev, Check
# or OpenBLAS there; issue 5). Two steps, one on each side:
#
#   sh scripts/device-deps.sh fetch [DIR]     here, with apt: downloads the
#        Debian packages into DIR (default .device/debs; .device/ is ignored
#        by .gitignore and travels with `carry`)
#   sh scripts/device-deps.sh unpack [DIR] [PREFIX]
#        there: extracts them under PREFIX (default /tmp/mgdeps), never into
#        /; then build with `make DEPS_PREFIX=PREFIX` (the Makefile adds the
#        include and library paths, with an rpath).
#
# The packages are Debian 12's: the libraries need glibc 2.36 or newer.
# OpenBLAS is only needed for its header (matmul loads the library with
# dlopen and has a plain loop when it is missing).
set -e
cmd=${1:-}
dir=${2:-.device/debs}
PACKAGES="libreadline-dev libreadline8 check libsubunit-dev libsubunit0
          libopenblas-dev libopenblas-pthread-dev libopenblas0-pthread libgfortran5"

case $cmd in
fetch)
    mkdir -p "$dir"
    # apt-get download writes into the current directory
    (cd "$dir" && apt-get download $PACKAGES) >&2
    echo "device-deps: $(ls "$dir"/*.deb | wc -l) packages in $dir ($(du -sh "$dir" | cut -f1))" >&2
    ;;
unpack)
    prefix=${3:-/tmp/mgdeps}
    mkdir -p "$prefix"
    dir=$(cd "$dir" && pwd)
    for deb in "$dir"/*.deb; do
        [ -e "$deb" ] || { echo "device-deps: no packages in $dir (run fetch first)" >&2; exit 1; }
        if command -v dpkg-deb >/dev/null; then
            dpkg-deb -x "$deb" "$prefix"
        else   # a .deb is an ar archive holding data.tar.*
            tmp=$(mktemp -d)
            (cd "$tmp" && ar x "$deb" && tar -xf data.tar.* -C "$prefix")
            rm -rf "$tmp"
        fi
    done
    lib=$prefix/usr/lib/x86_64-linux-gnu
    # The -dev packages' libfoo.so links may point at absolute paths under
    # /usr: point them at the same files inside the prefix.
    for link in "$lib"/*.so "$lib"/openblas-pthread/*.so; do
        [ -L "$link" ] || continue
        target=$(readlink "$link")
        case $target in /*) ln -sf "$prefix$target" "$link" ;; esac
    done
    echo "device-deps: unpacked under $prefix; build with make DEPS_PREFIX=$prefix" >&2
    ;;
*)
    echo "usage: sh scripts/device-deps.sh fetch [DIR] | unpack [DIR] [PREFIX]" >&2
    exit 2
    ;;
esac
