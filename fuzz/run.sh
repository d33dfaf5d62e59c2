#!/usr/bin/env bash
# Builds every fuzz target with cargo-fuzz (libFuzzer) and runs each over its corpus:
#   fuzz/run.sh smoke          each target for 20,000 inputs (CI)
#   fuzz/run.sh long [RUNS]    each target for RUNS inputs (default 1,000,000)
#   fuzz/run.sh long RUNS T…   only the targets named
# Seeds: spec/ and tests/specs/ for the spec loader, the reference pages for the
# importer, fuzz/seeds/<target>/ for the rest; what libFuzzer finds is kept in
# fuzz/corpus/<target>/ (not committed), a crash in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"

mode="${1:-smoke}"
case "$mode" in
  smoke) runs=20000 ;;
  long) runs="${2:-1000000}" ;;
  *) echo "usage: fuzz/run.sh smoke | long [RUNS] [TARGET…]" >&2; exit 2 ;;
esac
shift $(( $# > 1 ? 2 : $# ))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(spec_load page_import answer_decode credentials_answer profile_and_env fake_request fake_script cli_args cli_input)
fi

# cargo-fuzz passes the compiler flags of coverage-guided fuzzing, which the pinned
# stable toolchain accepts with RUSTC_BOOTSTRAP.
export RUSTC_BOOTSTRAP=1
CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  cargo install --locked --quiet "cargo-fuzz@${CARGO_FUZZ_VERSION}"
fi
# No sanitizer: the code is `unsafe`-free, and what is looked for is a panic (with
# overflow checks on) or a hang; the instrumentation for coverage stays.
flags=(--sanitizer none --debug-assertions)
cargo fuzz build "${flags[@]}"

seed() {
  local target="$1" dir="corpus/$1"
  mkdir -p "$dir"
  case "$target" in
    spec_load)
      # The fixtures and the smaller service specs: large ones are slow to validate
      # and generate, and libFuzzer cuts inputs at -max_len anyway.
      find ../tests/specs -name '*.yaml' -exec cp -n {} "$dir/" \;
      find ../spec -name '*.yaml' -size -16k -exec cp -n {} "$dir/" \; ;;
    page_import)
      if [ -d ../../shared/reference/api ]; then
        find ../../shared/reference/api -name '*.md' -size -16k | sort | awk 'NR % 8 == 1' \
          | while read -r page; do cp -n "$page" "$dir/$(echo "$page" | tr '/' '_')"; done
      fi
      cp -n ../tests/pages/*.md "$dir/" ;;
    *)
      cp -n "seeds/$target"/* "$dir/" ;;
  esac
}

for target in "${targets[@]}"; do
  seed "$target"
  echo "== $target: $runs inputs"
  cargo fuzz run "${flags[@]}" "$target" "corpus/$target" -- \
    -runs="$runs" -max_len=16384 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    2>&1 | grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|thread|panicked|INFO: Seed)' || true
  # libFuzzer exits non-zero on a finding; the pipe above hides it, the artifact does not.
  if compgen -G "artifacts/$target/*" > /dev/null; then
    echo "fuzz: $target found a failing input: fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
echo "fuzz: ${#targets[@]} target(s), $runs inputs each, no failure"
