#!/usr/bin/env bash
# Wall time of the real `sigcal` binary on its start-up paths: process start, command
# tree, parse, and for `--dry-run` a client signing one request. Median of RUNS runs
# (default 20) per command, release build. Binaries given after RUNS are timed side by
# side, interleaved run by run so machine noise falls on each alike (to compare an
# older build with this one); without any, this checkout's release build is built and
# timed. The in-process part alone, with 2 and with 80 services, is
# `cargo bench -p sigcal-cli --bench startup`.
#
#   bench/cli_startup.sh                 # this build, 20 runs
#   bench/cli_startup.sh 20 /tmp/old/sigcal target/release/sigcal
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
shift || true
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
  cargo build --quiet --release -p sigcal-cli
  bins=(target/release/sigcal)
fi
# Throwaway keys, so `--dry-run` gets as far as printing the signed request; no call
# leaves the machine (a dry run sends nothing).
export SIGCAL_PUBLIC_KEY=bench-public SIGCAL_PRIVATE_KEY=bench-private
export HOME
HOME=$(mktemp -d)
trap 'rm -rf "$HOME"' EXIT

commands=(
  "--help"
  "uhost --help"
  "uhost describe-uhost-instance --region cn-bj2 --dry-run"
)

# The median in ms of the numbers (ns) on stdin.
median_ms() {
  sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m / 1000000 }'
}

header="command"
for bin in "${bins[@]}"; do header="$header,$bin (ms)"; done
echo "$header"
for command in "${commands[@]}"; do
  declare -A times=()
  for _ in $(seq "$runs"); do
    for bin in "${bins[@]}"; do
      start=$(date +%s%N)
      # shellcheck disable=SC2086 # the command's words are meant to split
      "$bin" $command > /dev/null 2>&1 || true
      end=$(date +%s%N)
      times[$bin]+="$((end - start)) "
    done
  done
  line="sigcal $command"
  for bin in "${bins[@]}"; do
    line="$line,$(tr ' ' '\n' <<< "${times[$bin]}" | grep . | median_ms)"
  done
  echo "$line"
  unset times
done
line="/bin/true (process start alone)"
true_times=""
for _ in $(seq "$runs"); do
  start=$(date +%s%N); /bin/true; end=$(date +%s%N)
  true_times+="$((end - start)) "
done
echo "$line,$(tr ' ' '\n' <<< "$true_times" | grep . | median_ms)"
