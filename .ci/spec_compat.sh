#!/usr/bin/env bash
# What the last change to spec/ does to users of the generated client, classified by
# `cargo codegen diff`; fails on a breaking change unless the workspace version was bumped
# for it (the semver-breaking component: the minor number below 1.0, the major above),
# as cargo-semver-checks does for hand-written crates.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  # A shallow clone may lack the commit to compare with: the gate would not run.
  echo "spec_compat: the clone is shallow; fetch its history (git fetch --unshallow) so spec/ can be compared" >&2
  exit 1
fi
last=$(git log -n1 --format=%H -- 'spec/*.yaml')
if [ -z "$last" ]; then
  echo "spec/ has no history to compare with"
  exit 0
fi
if ! base=$(git rev-parse --verify -q "${last}^"); then
  # Only the repository's first commit has no parent once the clone is complete.
  echo "spec/ first appears in the root commit ${last:0:10}: nothing earlier to compare with"
  exit 0
fi

version_at() { sed -n 's/^version = "\(.*\)"$/\1/p' | head -n1; }
# 0.y.z breaks at y; x.y.z (x >= 1) at x.
breaking_part() { IFS=. read -r major minor _ <<<"$1"; if [ "$major" = 0 ]; then echo "0.$minor"; else echo "$major"; fi; }
new_version=$(version_at < Cargo.toml)

# While the current version is unreleased (CHANGELOG.md heads its section
# `# X.Y.Z (unreleased)`), every spec change since the version before it is this
# version's: the commit that brought the version in opens the window, and later commits
# of the window may break too. A released version is compared commit by commit.
opened=""
unreleased=false
if grep -q "^# ${new_version//./\\.} (unreleased)$" CHANGELOG.md; then
  unreleased=true
fi
for commit in $(if $unreleased; then git log --format=%H -- Cargo.toml; fi); do
  if ! parent=$(git rev-parse --verify -q "${commit}^"); then
    break
  fi
  if [ "$(git show "${parent}:Cargo.toml" | version_at)" != "$new_version" ]; then
    opened=$parent
    break
  fi
done
# Compare with the version before the window when spec/ changed inside it.
if [ -n "$opened" ] && git merge-base --is-ancestor "$opened" "$last" && [ "$opened" != "$last" ]; then
  base=$opened
fi
old_version=$(git show "${base}:Cargo.toml" | version_at)

echo "spec/ last changed in ${last:0:10}; comparing with ${base:0:10} (version ${old_version} -> ${new_version})"
if [ "$(breaking_part "$old_version")" = "$(breaking_part "$new_version")" ]; then
  cargo run --quiet -p sigcal-codegen -- diff --git "$base" spec --deny breaking
else
  echo "the version was bumped for breaking changes: reported, not denied"
  cargo run --quiet -p sigcal-codegen -- diff --git "$base" spec
fi
