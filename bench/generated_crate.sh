# Sourced by the compile-time scripts: `make_crate N` writes a crate holding N synthetic
# actions (or, with a service module as N, `spec/N.yaml`) under target/bench-compile, generated
# exactly as `cargo codegen generate` does; `seconds CMD…` times a command.
root=$PWD
work=$root/target/bench-compile
export CARGO_TARGET_DIR=$work/target
# Fresh compiles: no incremental cache from an earlier crate of the same name and path.
export CARGO_INCREMENTAL=0
mkdir -p "$work" bench/results

cargo build --quiet -p sigcal-tests --bin synthetic-spec
cargo build --quiet -p sigcal-codegen
synthetic=$CARGO_TARGET_DIR/debug/synthetic-spec
codegen=${SIGCAL_CODEGEN:-$CARGO_TARGET_DIR/debug/sigcal-codegen}

make_crate() {
  local n=$1 dir=$work/n$1
  rm -rf "$dir"
  mkdir -p "$dir/spec" "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "bench-generated-$n"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
sigcal-client = { path = "$root/generated-client", default-features = false }

[features]
# The metadata table stays off, as for applications (sigcal-client without metadata).
metadata = []
serialize = []
TOML
  if [ -f "$root/spec/$n.yaml" ]; then
    # A real service: the same crate shape, its spec under the synthetic name.
    sed "s/^  module: .*//; s/^  name: .*/  name: Synthetic/" "$root/spec/$n.yaml" > "$dir/spec/synthetic.yaml"
  else
    "$synthetic" "$n" > "$dir/spec/synthetic.yaml"
  fi
  "$codegen" generate --spec "$dir/spec/synthetic.yaml" --out "$dir/src/generated" >/dev/null 2>&1
  # The index gates modules on features; this crate has none, so declare it directly.
  printf '#[rustfmt::skip]\n#[path = "generated/synthetic.rs"]\npub mod synthetic;\n' > "$dir/src/lib.rs"
}

seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

