#!/bin/sh
# The shared library exports only clearn_* symbols (libtool's export regex).
set -u
lib="${top_builddir:-.}/.libs/libclearn.so"
if [ ! -f "$lib" ]; then
    echo "no shared library at $lib (static-only build?)"; exit 77
fi
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | grep -v '^clearn_' | grep -v '^clearn__' || true)
internal=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep '^clearn__' || true)
count=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -c '^clearn_' || true)
status=0
if [ -n "$bad" ]; then echo "exported symbols without the clearn_ prefix:"; echo "$bad"; status=1; fi
if [ -n "$internal" ]; then echo "internal clearn__ symbols exported:"; echo "$internal"; status=1; fi
for sym in clearn_version clearn_strerror clearn_dataset_new clearn_read clearn_rng_seed; do
    nm -D --defined-only "$lib" | awk '{print $3}' | grep -qx "$sym" || { echo "missing export: $sym"; status=1; }
done
echo "$count clearn_ symbols exported"
exit $status
