#!/usr/bin/env bash
# What an application developer waits for: an incremental `cargo check` (and `cargo
# build`) of their own crate after editing one line, when it depends on sigcal-client
# with some services enabled. The client is built once; the edit touches only main.rs.
# Usage: bench/user_incremental.sh [FEATURES]   (default: "uhost uphost")
# Prints one CSV line per measurement; mean of 5 edits each.
set -euo pipefail
cd "$(dirname "$0")/.."
features=${1:-"uhost uphost"}
root=$(pwd)
work="$root/target/bench-user"
rm -rf "$work" && mkdir -p "$work/src"
feature_list=$(printf '"%s", ' $features)
cat > "$work/Cargo.toml" <<TOML
[package]
name = "user-app"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
sigcal-client = { path = "$root/generated-client", default-features = false, features = [${feature_list%, }] }
tokio = { version = "1", features = ["macros", "rt"] }
TOML
cp Cargo.lock "$work/Cargo.lock"
cat > "$work/src/main.rs" <<'RUST'
use sigcal_client::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = sigcal_client::uphost::UPHostClient::new(Client::from_env()?);
    let images = client.describe_phost_image().limit(10).send().await?;
    let limit = 1; // EDIT
    println!("{} images, limit {limit}", images.image_set.len());
    Ok(())
}
RUST
export CARGO_TARGET_DIR="$work/target"
(cd "$work" && cargo check --quiet && cargo build --quiet)

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc; }
echo "features,what,mean_seconds"
for what in check build; do
  total=0
  for i in 1 2 3 4 5; do
    sed -i "s/let limit = [0-9]*; \/\/ EDIT/let limit = $((i + 1)); \/\/ EDIT/" "$work/src/main.rs"
    t=$(cd "$work" && seconds cargo "$what")
    total=$(echo "$total + $t" | bc)
  done
  echo "\"$features\",$what,$(echo "scale=3; $total / 5" | bc)"
done
