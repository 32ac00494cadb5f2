#!/usr/bin/env bash
# Figures for the generator core: codegen wall time (release xtask, cargo's own build excluded),
# generated line and file counts, and clean build times of the generated crate.
# Usage: scripts/measure-core.sh [runs]   (default 10 codegen runs)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}

cargo build --quiet --release -p xtask
xtask=target/release/xtask

echo "== codegen wall time over $runs runs (model already on disk, files unchanged)"
best=""; total=0
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$xtask" codegen >/dev/null
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  total=$(( total + ms ))
  if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
echo "min ${best} ms, mean $(( total / runs )) ms"
echo "== one run that writes every file (into a fresh directory), with the stage split"
out=$(mktemp -d)
"$xtask" codegen --out "$out/sdk"
rm -rf "$out"

echo "== generated crate size"
files=$(find generated-sdk/src -name '*.rs' | wc -l)
lines=$(find generated-sdk/src -name '*.rs' -print0 | xargs -0 cat | wc -l)
echo "$files Rust files, $lines lines"

echo "== clean builds of the generated crate (separate target dir, dependencies included)"
target=$(mktemp -d)
for profile in dev release; do
  flag=""; [ "$profile" = release ] && flag="--release"
  start=$(date +%s%N)
  CARGO_TARGET_DIR="$target" cargo build --quiet $flag -p partnercentral-selling-sdk
  end=$(date +%s%N)
  echo "cargo build $flag -p partnercentral-selling-sdk (clean, with deps): $(( (end - start) / 1000000 )) ms"
  touch generated-sdk/src/lib.rs
  start=$(date +%s%N)
  CARGO_TARGET_DIR="$target" cargo build --quiet $flag -p partnercentral-selling-sdk
  end=$(date +%s%N)
  echo "cargo build $flag -p partnercentral-selling-sdk (the SDK crate alone, deps built): $(( (end - start) / 1000000 )) ms"
done
echo "distinct crates in the SDK's dependency tree: $(cargo tree -p partnercentral-selling-sdk --prefix none -e normal | sed 's/ (\*)//' | sort -u | wc -l)"
rm -rf "$target"
