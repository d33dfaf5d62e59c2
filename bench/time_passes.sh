#!/usr/bin/env bash
# Where `cargo check` of generated code spends its time: rustc's -Z time-passes (allowed
# on the pinned stable toolchain with RUSTC_BOOTSTRAP=1) for a crate of N synthetic
# actions or of a real spec, dependencies prebuilt. Prints the passes over 1% of the
# total, largest first, and writes bench/results/time_passes_<N>.txt.
# Usage: bench/time_passes.sh [N | service-module]...   (default: 1000 uhost)
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(1000 uhost)
source bench/generated_crate.sh

make_crate 4
(cd "$work/n4" && cargo check --quiet)
for n in "${targets[@]}"; do
  make_crate "$n"
  out=bench/results/time_passes_$n.txt
  (cd "$work/n$n" && RUSTC_BOOTSTRAP=1 cargo rustc --quiet --profile=check -- -Z time-passes 2>&1) |
    python3 bench/time_passes.py "$n" "$work/n$n/src/generated/synthetic.rs" | tee "$out"
done
