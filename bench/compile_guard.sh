#!/usr/bin/env bash
# The compile-cost guard: sigcal-client with a fixed service set (UHost, VPC, UDB), as an
# application compiles it (the runtime and the generated modules), against the same
# types written as plain serde structs with one async method per action
# (bench/plain_serde.py), measured in the same run: a fresh, non-incremental `cargo check`
# of each with every dependency prebuilt.
#
# Two measures of the same checks:
# - seconds, the two interleaved, min of [runs] each: what a user waits, printed;
# - instructions rustc runs to check each crate (valgrind's cachegrind, the two crates at
#   once on their own target directories): the same on every run, where the seconds of
#   this 2-core VM moved by 15% between runs of one script (BENCHMARKS.md, issue #40).
# Fails when the instruction ratio generated/plain rises more than 10% over the one
# recorded in BENCHMARKS.md (the line `compile-guard-instructions: R`); changing that
# line is how a heavier shape is accepted, in review.
#
# Usage: bench/compile_guard.sh [runs]   (default 3)
#        BEFORE=<commit> bench/compile_guard.sh   also measures sigcal-client as that
#        commit had it (runtime and checked-in generated code, the same features),
#        interleaved with the others: the "before" column of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-3}
services=(uhost vpc udb)
root=$PWD
work=$root/target/compile-guard
mkdir -p "$work"

export CARGO_TARGET_DIR=$work/target
export CARGO_INCREMENTAL=0

generated=$work/generated
plain=$work/plain
rm -rf "$generated" "$plain"
mkdir -p "$plain/src"

# What an application compiles: sigcal-client (its runtime and the checked-in generated
# modules) with the services' features; the metadata table and `Serialize` on answers
# off, as for applications.
features=$(printf '"%s", ' "${services[@]}")
client_crate() {
  local dir=$1 name=$2 client=$3
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "$name"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
sigcal-client = { path = "$client", default-features = false, features = [${features%, }] }
TOML
  : > "$dir/src/lib.rs"
}
client_crate "$generated" guard-generated "$root/generated-client"

cat > "$plain/Cargo.toml" <<TOML
[package]
name = "guard-plain"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
TOML
specs=()
for service in "${services[@]}"; do specs+=("spec/$service.yaml"); done
python3 bench/plain_serde.py "${specs[@]}" > "$plain/src/lib.rs"

before=""
if [ -n "${BEFORE:-}" ]; then
  before=$work/before
  tree=$work/before-tree
  git worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
  git worktree add --quiet --detach "$tree" "$BEFORE"
  rm -rf "$before"
  client_crate "$before" guard-before "$tree/generated-client"
  cp "$tree/Cargo.lock" "$before/Cargo.lock"
  (cd "$before" && cargo check --quiet)
fi

# Both crates share a target directory: one lockfile each, resolved offline from the
# workspace's registry cache where it can be.
cp Cargo.lock "$generated/Cargo.lock"
cp Cargo.lock "$plain/Cargo.lock"
(cd "$generated" && cargo check --quiet)
(cd "$plain" && cargo check --quiet)

# Arithmetic in Python (always there), not bc (not on every machine).
calc() { python3 -c "print($1)"; }

check_seconds() {
  local dir=$1 package=$2 start end
  (cd "$dir" && cargo clean --quiet -p "$package")
  start=$(date +%s.%N)
  (cd "$dir" && cargo check --quiet)
  end=$(date +%s.%N)
  calc "round($end - $start, 3)"
}

min() { printf '%s\n' "$@" | sort -g | head -n1; }

generated_runs=()
plain_runs=()
before_runs=()
for _ in $(seq "$runs"); do
  generated_runs+=("$(check_seconds "$generated" sigcal-client)")
  plain_runs+=("$(check_seconds "$plain" guard-plain)")
  if [ -n "$before" ]; then
    before_runs+=("$(check_seconds "$before" sigcal-client)")
  fi
done
g=$(min "${generated_runs[@]}")
p=$(min "${plain_runs[@]}")
sources=()
for service in "${services[@]}"; do sources+=("$root/generated-client/src/generated/$service.rs"); done
actions=$(cat "${sources[@]}" | grep -c '^impl ::sigcal_client::Request for ')
lines=$(cat "${sources[@]}" | wc -l)
ratio=$(calc "round($g / $p, 3)")
printf 'services: %s (%d actions, %d generated lines, %.1f per action)\n' "${services[*]}" "$actions" "$lines" "$(calc "$lines / $actions")"
printf 'generated client: %.2f s (%.1f ms/action; runs: %s)\n' "$g" "$(calc "$g * 1000 / $actions")" "${generated_runs[*]}"
printf 'plain serde:      %.2f s (%.1f ms/action; runs: %s)\n' "$p" "$(calc "$p * 1000 / $actions")" "${plain_runs[*]}"
if [ -n "$before" ]; then
  b=$(min "${before_runs[@]}")
  before_lines=0
  for service in "${services[@]}"; do
    before_lines=$((before_lines + $(wc -l < "$tree/generated-client/src/generated/$service.rs")))
  done
  printf 'before (%s):  %.2f s (%.1f ms/action over %d actions, %d lines; ratio %.3f; runs: %s)\n' "$BEFORE" "$b" "$(calc "$b * 1000 / $actions")" "$actions" "$before_lines" "$(calc "$b / $p")" "${before_runs[*]}"
fi

# Instructions: rustc under cachegrind for the measured crate only (cargo calls the
# wrapper for every crate; the others run as they are). The plain crate checks on a
# target directory of its own so that both run at once (cargo locks a target directory).
command -v valgrind >/dev/null || { echo "the guard needs valgrind (apt-get install valgrind)" >&2; exit 1; }
wrapper=$work/cachegrind-rustc.sh
cat > "$wrapper" <<'SH'
#!/usr/bin/env bash
if [[ " $* " == *" --crate-name $CG_CRATE "* ]]; then
  exec valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$CG_OUT" "$@" 2>/dev/null
fi
exec "$@"
SH
chmod +x "$wrapper"
instructions() {
  local dir=$1 package=$2 krate=$3 out=$4 target=$5
  (cd "$dir" && CARGO_TARGET_DIR=$target cargo check --quiet && CARGO_TARGET_DIR=$target cargo clean --quiet -p "$package")
  rm -f "$out"
  (cd "$dir" && CARGO_TARGET_DIR=$target CG_CRATE=$krate CG_OUT=$out RUSTC_WRAPPER=$wrapper cargo check --quiet)
  sed -n 's/^summary: //p' "$out"
}
instructions "$generated" sigcal-client sigcal_client "$work/cg.generated" "$CARGO_TARGET_DIR" > "$work/ir.generated" &
generated_job=$!
instructions "$plain" guard-plain guard_plain "$work/cg.plain" "$work/target-plain" > "$work/ir.plain"
wait "$generated_job"
gi=$(cat "$work/ir.generated")
pi=$(cat "$work/ir.plain")
if [ -z "$gi" ] || [ -z "$pi" ]; then
  echo "cachegrind gave no instruction count (generated: '$gi', plain: '$pi')" >&2
  exit 1
fi
iratio=$(calc "round($gi / $pi, 3)")
printf 'instructions: generated client %.3f G, plain serde %.3f G\n' "$(calc "$gi / 1e9")" "$(calc "$pi / 1e9")"
if [ -n "$before" ]; then
  bi=$(instructions "$before" sigcal-client sigcal_client "$work/cg.before" "$CARGO_TARGET_DIR")
  printf 'instructions: before (%s) %.3f G, ratio %.3f\n' "$BEFORE" "$(calc "$bi / 1e9")" "$(calc "$bi / $pi")"
fi

echo "seconds ratio generated/plain: $ratio (printed, not checked: see above)"
recorded=$(sed -n 's/^compile-guard-instructions: \([0-9.]*\).*/\1/p' BENCHMARKS.md | head -n1)
if [ -z "$recorded" ]; then
  echo "BENCHMARKS.md records no \`compile-guard-instructions: R\` line" >&2
  exit 1
fi
limit=$(calc "round($recorded * 1.10, 3)")
echo "instruction ratio generated/plain: $iratio (recorded $recorded, limit $limit)"
if [ "$(calc "$iratio > $limit")" = True ]; then
  echo "compile cost rose: ${iratio}x plain serde in instructions against ${recorded}x recorded (more than 10%); make the generated shape lighter, or record the new ratio in BENCHMARKS.md in a reviewed change" >&2
  exit 1
fi
