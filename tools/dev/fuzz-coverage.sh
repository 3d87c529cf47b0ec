#!/usr/bin/env bash
# Line coverage of the fuzz targets' corpora (docs/reliability.md): builds
# build-fuzz-cov/ with clang's source-based coverage, runs each target's
# corpus once through it (the seeds in tests/fuzz/corpus, plus any folders
# named: e.g. a long run's scratch corpora), and prints llvm-cov's report for
# the files that decode outside input.
#   tools/dev/fuzz-coverage.sh [EXTRA_CORPUS_ROOT]   # EXTRA_CORPUS_ROOT/TARGET/ per target
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$top/build-fuzz-cov
extra=${1:-}
"$top/tools/dev/install-deps.sh" --with-fuzz
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DIPMIPROV_WERROR=OFF \
    -DCMAKE_CXX_FLAGS="-fprofile-instr-generate -fcoverage-mapping" \
    -DCMAKE_EXE_LINKER_FLAGS="-fprofile-instr-generate" >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target fuzzers >/dev/null
rm -rf "$build/profiles" && mkdir -p "$build/profiles"
objects=()
for corpus in "$top"/tests/fuzz/corpus/*/; do
  target=$(basename "$corpus")
  dirs=("$corpus")
  [ -n "$extra" ] && [ -d "$extra/$target" ] && dirs+=("$extra/$target")
  LLVM_PROFILE_FILE="$build/profiles/$target.profraw" "$build/tests/fuzz/fuzz_$target" "${dirs[@]}" \
    >/dev/null 2>&1 </dev/null
  objects+=(-object "$build/tests/fuzz/fuzz_$target")
done
llvm-profdata merge -sparse "$build"/profiles/*.profraw -o "$build/fuzz.profdata"
decoders=(
  driver-bridge/src/{bytes,device_id,frame,daemon_client,engine,message,sim_bmc,sim_fixture,text_file}.cpp
  provider/src/sdr/{record,repository,cache}.cpp provider/src/sensor/{reading,conversion,sensors}.cpp
  provider/src/sel/{record,reader,event_text,store}.cpp provider/src/cim/{mapping,wire}.cpp
  tools/cli/{cli_options,hex_args}.cpp tools/daemon/{config,handler}.cpp
)
# The first binary is llvm-cov's positional argument, the others -object.
llvm-cov report "${objects[1]}" "${objects[@]:2}" -instr-profile="$build/fuzz.profdata" \
  "${decoders[@]/#/$top/}"
