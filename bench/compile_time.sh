#!/usr/bin/env bash
# Compile time and size of generated code: `cargo check` and `cargo build` of a crate
# holding N synthetic actions (the UPHost mix), with every dependency prebuilt.
# Usage: bench/compile_time.sh [N...]   (default: 100 1000)
# Writes bench/results/compile_time.csv and bench/results/lines_N.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000)
source bench/generated_crate.sh

# Prebuild every dependency (check and build) with a small crate.
make_crate 4
(cd "$work/n4" && cargo check --quiet && cargo build --quiet)

echo "actions,check_seconds,build_seconds,generated_lines,check_ms_per_action,lines_per_action" > bench/results/compile_time.csv
for n in "${sizes[@]}"; do
  make_crate "$n"
  check=$(cd "$work/n$n" && seconds cargo check)
  build=$(cd "$work/n$n" && seconds cargo build)
  lines=$(wc -l < "$work/n$n/src/generated/synthetic.rs")
  per_action=$(echo "scale=2; $check * 1000 / $n" | bc)
  lines_per=$(echo "scale=1; $lines / $n" | bc)
  echo "$n,$check,$build,$lines,$per_action,$lines_per" | tee -a bench/results/compile_time.csv
  python3 bench/line_breakdown.py "$work/n$n/src/generated/synthetic.rs" "$n" > "bench/results/lines_$n.csv"
done
