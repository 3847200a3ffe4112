#!/usr/bin/env bash
# Build dist/, the demo: the gazette in index/ as a search bundle, made the way
# a publisher makes one, by the `zhsearch` binary alone.
#
#   1. scripts/build-engine.sh   -> vendor/engine/ (the wasm engine and its glue)
#   2. cargo build --release --bin zhsearch   (build.rs embeds vendor/engine and www/)
#   3. zhsearch build index --out dist   -> dist/index.html, the engine, dist/index/…
#
# Open dist/index.html from disk (file://) or serve dist/ from any static host.
#
# Environment (optional):
#   ZHSEARCH_INDEX_DIR  documents to index (default index/)
#   CARGO_TARGET_DIR    cargo's target dir (default target/)
#   DIST_DIR            output folder (default dist/)
# Run scripts/setup.sh first (or scripts/demo.sh / scripts/test.sh, which do).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

if [[ -d "$HOME/.cargo/bin" && ":$PATH:" != *":$HOME/.cargo/bin:"* ]]; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi

target_dir=${CARGO_TARGET_DIR:-$root/target}
[[ "$target_dir" == /* ]] || target_dir="$root/$target_dir"
dist=${DIST_DIR:-$root/dist}
[[ "$dist" == /* ]] || dist="$root/$dist"
sources=${ZHSEARCH_INDEX_DIR:-index}

bash scripts/build-engine.sh

say "building the zhsearch binary (it carries the engine and www/)"
cargo build --release --bin zhsearch --target-dir "$target_dir"

say "zhsearch build $sources --out $dist"
"$target_dir/release/zhsearch" build "$sources" --out "$dist"

gz_size() { gzip -9 -n -c "$1" | wc -c; }
human() { awk -v b="$1" 'BEGIN { if (b >= 1024) printf "%.1f KB", b / 1024; else printf "%d B", b }'; }
say "sizes (the index/ folder holds each chunk twice: .bin for http, .js for file://)"
printf '  %-28s %12s %12s\n' "file" "raw" "gzip -9"
while IFS= read -r -d '' f; do
    printf '  %-28s %12s %12s\n' "${f#"$dist"/}" "$(human "$(wc -c <"$f")")" "$(human "$(gz_size "$f")")"
done < <(find "$dist" -maxdepth 1 -type f -print0 | sort -z)
printf '  %-28s %12s\n' "index/*.bin" "$(human "$(cat "$dist"/index/*.bin | wc -c)") (gzip)"
say "done: open file://$dist/index.html, or serve $dist"
