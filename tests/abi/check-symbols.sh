#!/usr/bin/env bash
# The ABI guard: the shared library exports exactly the symbols (with their
# versions) listed in provider/abi/symbols.txt, and has the expected SONAME.
# An accidental export, a lost function or a version change fails CI; a
# deliberate change updates symbols.txt (and docs/provider-abi.md) with it.
#   tests/abi/check-symbols.sh LIBRARY EXPECTED_LIST SONAME   ("none": a module with no SONAME)
set -euo pipefail
library=$1 expected=$2 soname=$3
actual=$(nm -D --defined-only "$library" | awk '{print $3}' | sort)
if ! diff -u "$expected" <(printf '%s\n' "$actual"); then
  echo "the exported symbols of $library differ from $expected (- expected, + exported)" >&2
  exit 1
fi
found=$(objdump -p "$library" | awk '$1 == "SONAME" {print $2}')
if [[ "${found:-none}" != "$soname" ]]; then
  echo "SONAME of $library is '$found', expected '$soname'" >&2
  exit 1
fi
echo "$(basename "$library"): $(printf '%s\n' "$actual" | wc -l) exported functions, SONAME ${found:-none}"
