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
work="$target_dir/engine-build"

# --- the output folder must be safe to write into ---------------------------------
# the bundle is written into dist/ (stale chunks removed), so DIST_DIR must never name sources:
# `DIST_DIR=www` used to delete www/. Refused: the repository root or any
# folder above it, $HOME, a source folder or anything inside one, the
# documents to index, a folder holding Cargo.toml, .git or source folders,
# and any other non-empty folder that is not an earlier build (no
# zhsearch-wasm.js in it).
refuse() {
    die "refusing DIST_DIR=${DIST_DIR:-dist} ($dist): $*; it is deleted and rebuilt, so set DIST_DIR to a new or empty folder, or to an earlier build (e.g. dist/)"
}
canonical() { realpath -m -- "$1"; }
dist=$(canonical "$dist")
home=$(canonical "${HOME:-/}")
real_root=$(canonical "$root")
[[ "$dist" != "/" ]] || refuse "that is the file system root"
[[ "$dist" != "$real_root" ]] || refuse "that is the repository root"
[[ "$real_root/" != "$dist"/* ]] || refuse "the repository is inside it"
[[ "$dist" != "$home" ]] || refuse "that is the home folder"
for p in "$target_dir" "$work"; do
    [[ "$dist" != "$(canonical "$p")" ]] || refuse "that is cargo's build folder"
done
protected=(www src index tests scripts benches .ci .git node_modules)
[[ -n "${ZHSEARCH_INDEX_DIR:-}" ]] && protected+=("$(canonical "$ZHSEARCH_INDEX_DIR")")
for p in "${protected[@]}"; do
    [[ "$p" == /* ]] || p="$real_root/$p"
    [[ "$dist" != "$p" ]] || refuse "it holds sources ($p)"
    [[ "$dist" != "$p"/* ]] || refuse "it is inside $p, which holds sources"
done
if [[ -e "$dist" && ! -d "$dist" ]]; then
    refuse "it is a file, not a folder"
fi
if [[ -d "$dist" ]]; then
    for p in Cargo.toml .git; do
        [[ ! -e "$dist/$p" ]] || refuse "it holds $p, so it looks like a source tree"
    done
    if [[ -n "$(ls -A -- "$dist")" && ! -f "$dist/zhsearch-wasm.js" ]]; then
        for p in www src index tests scripts; do
            [[ ! -e "$dist/$p" ]] || refuse "it holds $p/, so it looks like a source tree"
        done
        refuse "it is not empty and is not an earlier build (no zhsearch-wasm.js in it)"
    fi
fi

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
