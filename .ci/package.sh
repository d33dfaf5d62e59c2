#!/usr/bin/env bash
# Every published crate packaged the way the registry would get it (offline, never
# uploaded) and built from its package alone, in dependency order: cargo packages the
# workspace's crates against a local registry of the ones packaged before them, so a
# file left out of a package or a dependency only the workspace provides fails here.
# sigcal-client's packed size is reported and guarded: crates.io refuses a crate over
# 10 MB, and the generated code grows with the API, so 8 MB is the warning.
set -euo pipefail
cd "$(dirname "$0")/.."

WARN_BYTES=$((8 * 1000 * 1000))
LIMIT_BYTES=$((10 * 1000 * 1000))

# cargo unpacks each crate of its temporary local registry under
# `$CARGO_HOME/registry/src/-<hash of the registry's path>/` and never again while that
# directory is there: a second run from a clone at the same path, of the same version,
# would verify against the sources of the first. Those unpackings (registries named by a
# path, `-…`) of our own crates are removed first; crates.io's are left alone.
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/sigcal-*
# Likewise cargo takes a registry crate for unchanged once built, so what an earlier run
# built of our crates (verification builds share `target/`) is forgotten too.
target_dir="$(cargo metadata --format-version 1 --no-deps --offline | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
rm -rf "$target_dir"/debug/.fingerprint/sigcal-*

# `sigcal-tests` is `publish = false`; `--workspace` leaves it out. Extra arguments go to
# cargo (`--allow-dirty` for a tree with uncommitted changes).
cargo package --workspace --exclude sigcal-tests --offline "$@"

version="$(cargo metadata --format-version 1 --no-deps --offline |
  python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "sigcal-client"))')"
crate="target/package/sigcal-client-${version}.crate"
bytes="$(stat -c %s "$crate")"
unpacked="$(tar -tzvf "$crate" | awk '{ sum += $3 } END { print sum }')"
echo "sigcal-client ${version}: ${bytes} bytes packed, ${unpacked} bytes unpacked (crates.io limit: ${LIMIT_BYTES} packed)"
for file in target/package/*-"${version}".crate; do
  printf '  %-40s %10d bytes\n' "$(basename "$file")" "$(stat -c %s "$file")"
done
if [ "$bytes" -gt "$LIMIT_BYTES" ]; then
  echo "sigcal-client's package is over the registry's limit: split the generated code (a crate per service group) before it can be published" >&2
  exit 1
fi
if [ "$bytes" -gt "$WARN_BYTES" ]; then
  echo "warning: sigcal-client's package is over 8 MB, close to the registry's 10 MB limit" >&2
fi
