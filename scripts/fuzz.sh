#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ (cargo-fuzz, libFuzzer) on the stable toolchain.
#
#   scripts/fuzz.sh [TARGET] [RUNS] [-- LIBFUZZER_ARGS...]
#
# TARGET is `model`, `response_decoders` or `all` (default); RUNS is the number of executions per
# target (default 10000000). Each target starts from its seeds (fuzz/seeds/TARGET) and keeps what
# it finds in fuzz/corpus/TARGET; a crash is written to fuzz/artifacts/TARGET and stops the run
# (turn it into a regression test, then delete it).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

target="${1:-all}"
runs="${2:-10000000}"
shift $(( $# > 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift

command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz
# cargo-fuzz passes a few unstable compiler flags; with `-s none` (no sanitizer) the stable
# compiler accepts them when told to.
export RUSTC_BOOTSTRAP=1

case "$target" in
    all) targets=(model response_decoders) ;;
    model | response_decoders) targets=("$target") ;;
    *) echo "unknown target: $target" >&2; exit 2 ;;
esac

for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    echo "==> $t: $runs executions"
    cargo fuzz run --sanitizer none "$t" "corpus/$t" "seeds/$t" -- \
        -runs="$runs" -max_len=65536 -print_final_stats=1 "$@"
done
