#!/usr/bin/env bash
# Wall time of the real `sigcal` binary for the start-up paths (mean of N runs, release
# build): process start + command tree + parse. The in-process part alone, with 2 and
# with 80 services, is `cargo bench -p sigcal-cli --bench startup`.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
cargo build --quiet --release -p sigcal-cli
bin=target/release/sigcal
# Throwaway keys, so `--dry-run` gets as far as printing the signed request.
export SIGCAL_PUBLIC_KEY=bench-public SIGCAL_PRIVATE_KEY=bench-private
mean_ms() {
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" > /dev/null 2>&1 || true; done
  end=$(date +%s%N)
  echo "scale=2; ($end - $start) / $runs / 1000000" | bc
}
echo "command,ms"
echo "sigcal --help,$(mean_ms "$bin" --help)"
echo "sigcal uhost --help,$(mean_ms "$bin" uhost --help)"
echo "sigcal uhost describe-uhost-instance --dry-run,$(mean_ms "$bin" uhost describe-uhost-instance --region cn-bj2 --dry-run)"
echo "/bin/true (process start alone),$(mean_ms /bin/true)"
