#!/usr/bin/env bash
# Builds trame for Linux x86_64 as one self-contained program (the C
# runtime linked in statically: it runs on any Linux x86_64, with no Rust
# and no library to install), and packs it with the README as
#   target/paquet/trame-VERSION-linux-x86_64.tar.gz
# beside its SHA-256 (…tar.gz.sha256, in sha256sum's format).
# The archive is reproducible: fixed order, owners and dates.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-unknown-linux-gnu
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
name="trame-${version}-linux-x86_64"
target_dir="${CARGO_TARGET_DIR:-target}"
out=target/paquet

RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
  cargo build --release --locked --target "$target"
binary="$target_dir/$target/release/trame"

# Self-contained means no dynamic loader and no shared library.
if ldd "$binary" 2>&1 | grep -q '=>'; then
  echo "paquet : $binary dépend de bibliothèques partagées :" >&2
  ldd "$binary" >&2
  exit 1
fi
"$binary" --version >/dev/null

rm -rf "${out:?}/$name"
mkdir -p "$out/$name"
cp "$binary" "$out/$name/trame"
strip "$out/$name/trame" 2>/dev/null || true
cp README.md "$out/$name/README.md"

# Dates from the last commit, so that the same sources give the same archive.
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
(
  cd "$out"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
    -cf - "$name" | gzip -n -9 >"$name.tar.gz"
  sha256sum "$name.tar.gz" >"$name.tar.gz.sha256"
)
rm -rf "${out:?}/$name"
echo "Paquet : $out/$name.tar.gz"
cat "$out/$name.tar.gz.sha256"
