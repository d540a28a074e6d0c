#!/bin/sh
# Whole-process time of `hallway search Q` from a library copy against `fzf --filter Q` over
# the same sessions' "title — speakers" lines, side by side in one run, for generated
# schedules of 1,000, 10,000 and 100,000 sessions (issue 17, goal 1). Needs fzf and a release
# build: cargo build --release && cargo build --release --example generate
# Usage: sh benches/fzf-compare.sh [SIZES...]   (default: 1000 10000 100000)
set -eu
command -v fzf >/dev/null || { echo "fzf is not installed: nothing to compare" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/target/release/hallway"
gen="$root/target/release/examples/generate"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HALLWAY_DATA_DIR="$work/data"
queries="rust kubernetes zoe postgres observability ebpf security kernel"
now() { date +%s%N; }
for n in ${*:-1000 10000 100000}; do
    "$gen" "$n" > "$work/s$n.ron"
    "$bin" import "$work/s$n.ron" --name "s$n" >/dev/null 2>&1
    # The import leaves the copy's cache (src/cache.rs), which the searches read.
    "$bin" list -s "s$n" > "$work/lines$n.txt"
    h=0; f=0
    for q in $queries; do
        t0=$(now); "$bin" search "$q" -s "s$n" >/dev/null 2>&1 || true; t1=$(now)
        fzf --filter "$q" < "$work/lines$n.txt" >/dev/null || true; t2=$(now)
        h=$((h + t1 - t0)); f=$((f + t2 - t1))
    done
    count=$(echo $queries | wc -w)
    echo "$n sessions: hallway search $((h / count / 1000000)) ms, fzf --filter $((f / count / 1000000)) ms per query (mean of $count), ratio $(awk "BEGIN { printf \"%.2f\", $h / $f }")"
done
