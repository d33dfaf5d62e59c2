#!/usr/bin/env bash
# Every benchmark, then the tables and plots of BENCHMARKS.md. Takes ~10 minutes on
# 2 cores; run it on a quiet machine. Needs the Python SDK: bench/run.sh creates a venv.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results

cargo bench -p sigcal-tests --bench runtime --bench generate

venv=target/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "ucloud-sdk-python3==0.11.150"
"$venv/bin/python" bench/python_sign.py > bench/results/python_sign.txt

bench/compile_time.sh 100 1000

# Pay per use: the client crate with and without its one service, dependencies prebuilt.
export CARGO_TARGET_DIR=target/bench-features
cargo check --quiet -p sigcal-client --no-default-features
echo "features,seconds" > bench/results/features.csv
for features in "--no-default-features" "--no-default-features --features uphost"; do
  touch generated-client/src/lib.rs
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  cargo check --quiet -p sigcal-client $features
  end=$(date +%s.%N)
  echo "\"$features\",$(echo "$end - $start" | bc)" >> bench/results/features.csv
done
unset CARGO_TARGET_DIR

SIGCAL_LOAD_REQUESTS=3000 cargo test --quiet --release -p sigcal-tests --test load -- --nocapture 2>/dev/null | grep '^load:' > bench/results/load.txt

python3 bench/report.py
