#!/usr/bin/env bash
# Side-by-side measurements of the generated SDK and the official one (see BENCHMARKS.md).
#
#   bash bench/run.sh            everything: clean release builds, start-up, criterion, codegen
#   bash bench/run.sh build      only the clean builds table
#   bash bench/run.sh startup|criterion|codegen
#
# Run it on an otherwise idle machine. Each app builds from clean in its own target directory
# (bench/target/<name>), release profile, after `cargo fetch` so downloads are not timed.
set -euo pipefail
cd "$(dirname "$0")"
BENCH=$(pwd)
ROOT=$(cd .. && pwd)
TARGETS=$BENCH/target
mkdir -p "$TARGETS"
what=${1:-all}

# name | app directory | cargo feature flags
APPS=(
  "ours|apps/ours|"
  "official-default|apps/official|"
  "official-lean|apps/official|--no-default-features --features lean"
)

lines_of() { find "$1" -name '*.rs' -print0 | xargs -0 cat | wc -l; }
files_of() { find "$1" -name '*.rs' | wc -l; }

build_one() {
  local name=$1 dir=$2 flags=$3
  local target=$TARGETS/$name log=$TARGETS/$name.log
  rm -rf "$target"
  (cd "$dir" && cargo fetch --locked -q)
  # GNU time: wall, user, system seconds, and the largest resident set of any one process.
  (cd "$dir" && CARGO_TARGET_DIR=$target /usr/bin/time -f 'TIME %e %U %S %M' \
      cargo build --release --locked $flags --timings 2>"$log")
  local bin
  bin=$(find "$target/release" -maxdepth 1 -type f -name 'bench-*' -perm -u+x | head -1)
  strip -o "$target/stripped" "$bin"
  local units distinct
  units=$(grep -c '^ *Compiling ' "$log" || true)
  distinct=$(grep '^ *Compiling ' "$log" | awk '{print $2, $3}' | sort -u | wc -l)
  read -r _ wall user sys rss < <(grep '^TIME ' "$log")
  local sdk_dir
  if [ "$name" = ours ]; then
    sdk_dir=$ROOT/generated-sdk
  else
    sdk_dir=$(cd "$dir" && cargo metadata --format-version 1 --locked 2>/dev/null |
      python3 -c 'import json,sys,os; m=json.load(sys.stdin); print(next(os.path.dirname(p["manifest_path"]) for p in m["packages"] if p["name"]=="aws-sdk-partnercentralselling"))')
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$wall" \
    "$(python3 -c "print(round($user+$sys,1))")" "$units" "$distinct" \
    "$(python3 -c "print(round($rss/1048576,2))")" \
    "$(stat -c %s "$bin")" "$(stat -c %s "$target/stripped")" \
    "$(lines_of "$sdk_dir")" "$(files_of "$sdk_dir")" >>"$TARGETS/builds.tsv"
}

builds() {
  : >"$TARGETS/builds.tsv"
  for app in "${APPS[@]}"; do
    IFS='|' read -r name dir flags <<<"$app"
    echo "building $name (clean, release)..." >&2
    build_one "$name" "$dir" "$flags"
  done
  python3 - "$TARGETS/builds.tsv" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
hdr = ["app", "wall s", "CPU s", "units", "distinct crates", "peak RSS GiB", "binary MB",
       "stripped MB", "SDK lines", "SDK files"]
print("| " + " | ".join(hdr) + " |")
print("|" + "---|" * len(hdr))
by = {r[0]: r for r in rows}
for r in rows:
    r = r[:6] + [f"{int(r[6])/1e6:.1f}", f"{int(r[7])/1e6:.1f}"] + r[8:]
    print("| " + " | ".join(r) + " |")
ours = by.get("ours")
for other in ("official-default", "official-lean"):
    o = by.get(other)
    if not (ours and o):
        continue
    ratio = lambda i: float(ours[i]) / float(o[i])
    print(f"\nours / {other}: wall {ratio(1):.2f}, CPU {ratio(2):.2f}, distinct crates "
          f"{ours[4]} vs {o[4]}, binary {ratio(6):.2f}, stripped {ratio(7):.2f}, "
          f"SDK lines {ratio(8):.2f}")
PY
  # Where each build's time goes: the slowest units of its `--timings` report.
  for app in "${APPS[@]}"; do
    IFS='|' read -r name _ _ <<<"$app"
    echo; echo "$name:"
    python3 "$BENCH/slowest_units.py" \
      "$(ls -t "$TARGETS/$name"/cargo-timings/cargo-timing-*.html | head -1)" 8
  done
}

startup() {
  (cd harness && cargo build --release --locked -q --bin startup)
  for app in ours official-default; do
    test -x "$TARGETS/$app/release/bench-${app%%-*}" || { echo "build $app first (bench/run.sh build)" >&2; exit 1; }
  done
  "$BENCH/harness/target/release/startup" 50 \
    "$TARGETS/ours/release/bench-ours" "$TARGETS/official-default/release/bench-official"
}

criterion() {
  (cd harness && cargo bench --locked --bench calls 2>/dev/null | grep -E '^[a-z_0-9]+/|time:|thrpt:')
}

codegen() {
  # The generator alone (already built): parse, resolve, render, format and write per model, five
  # runs each into a fresh directory (so every file is written): Partner Central Selling,
  # DynamoDB, and Partner Central Selling copied ten times over (bench/scale_model.py).
  (cd "$ROOT" && cargo build -q -p xtask --release)
  local out xtask=$ROOT/target/release/xtask
  out=$(mktemp -d)
  python3 "$BENCH/scale_model.py" "$ROOT/../shared/models/partnercentral-selling-2022-07-26.json" \
    10 "$out/scaled-10x.json" >&2
  for crate in partnercentral-selling-sdk dynamodb-sdk scaled-10x; do
    for i in 1 2 3 4 5; do
      rm -rf "${out:?}/$crate"
      if [ "$crate" = scaled-10x ]; then
        (cd "$ROOT" && "$xtask" codegen --model "$out/scaled-10x.json" --crate-name "$crate" \
          --out "$out/$crate" | tail -1)
      else
        (cd "$ROOT" && "$xtask" codegen --crate-name "$crate" --out "$out/$crate" | tail -1)
      fi
    done
    echo "$crate: $(find "$out/$crate" -name '*.rs' -print0 | xargs -0 cat | wc -l) generated lines"
  done
  rm -rf "$out"
}

case $what in
  build) builds ;;
  startup) startup ;;
  criterion) criterion ;;
  codegen) codegen ;;
  all) builds; startup; criterion; codegen ;;
  *) echo "unknown part: $what" >&2; exit 2 ;;
esac
