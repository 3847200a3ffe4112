#!/usr/bin/env bash
# Build the self-contained dist/ folder: open dist/index.html from disk (file://)
# or serve it from any static host.
#
#   1. cargo build the wasm engine (profile `wasm`; build.rs embeds the index)
#   2. wasm-bindgen --target no-modules   -> zhsearch.js (global `wasm_bindgen`) + zhsearch_bg.wasm
#   3. wasm-opt -Oz (npm binaryen 132, never Debian's wasm-opt 108)
#   4. gzip -9 -n | base64 -> dist/zhsearch-wasm.js: self.ZHSEARCH_WASM_GZIP_BASE64 = "…";
#   5. copy zhsearch.js and www/* into dist/, print the sizes
#
# Environment (optional):
#   ZHSEARCH_INDEX_DIR  documents to embed (read by build.rs; default index/)
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
work="$target_dir/dist-build"
wasm_opt="$root/node_modules/.bin/wasm-opt"

# --- the output folder must be safe to delete ----------------------------------------
# dist/ is removed and rebuilt, so DIST_DIR must never name sources:
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

# --- tool checks ---------------------------------------------------------------
command -v wasm-bindgen >/dev/null || die "wasm-bindgen not found: run scripts/setup.sh"
[[ -x "$wasm_opt" ]] || die "$wasm_opt not found: run scripts/setup.sh (npm binaryen 132)"
opt_version=$("$wasm_opt" --version 2>&1 | head -1)
# Debian's binaryen (wasm-opt 108) produces modules that fail to load in Chromium.
[[ "$opt_version" =~ ^wasm-opt\ version\ 132([^0-9]|$) ]] \
    || die "wasm-opt at $wasm_opt is '$opt_version', need npm binaryen 132 (Debian's wasm-opt 108 breaks the wasm): run npm ci"
if [[ -f Cargo.lock ]]; then
    want_wbg=$(awk '
        $0 == "[[package]]" { name = "" }
        $1 == "name" && $3 == "\"wasm-bindgen\"" { name = "wasm-bindgen" }
        $1 == "version" && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
    ' Cargo.lock)
    have_wbg=$(wasm-bindgen --version | awk '{print $2}')
    [[ -z "$want_wbg" || "$have_wbg" == "$want_wbg" ]] \
        || die "wasm-bindgen CLI is $have_wbg but Cargo.lock has wasm-bindgen $want_wbg: run scripts/setup.sh"
fi

# --- 1. cargo build --------------------------------------------------------------
say "building the wasm engine (cargo build --profile wasm --target wasm32-unknown-unknown${ZHSEARCH_INDEX_DIR:+, index from $ZHSEARCH_INDEX_DIR})"
cargo build --lib --target wasm32-unknown-unknown --profile wasm -p zhsearch --target-dir "$target_dir"
raw_wasm="$target_dir/wasm32-unknown-unknown/wasm/zhsearch.wasm"
[[ -f "$raw_wasm" ]] || die "cargo did not produce $raw_wasm"

# --- 2. wasm-bindgen --------------------------------------------------------------
say "generating JS bindings (wasm-bindgen --target no-modules)"
rm -rf "$work"
mkdir -p "$work"
wasm-bindgen --target no-modules --no-typescript --out-dir "$work" "$raw_wasm"
[[ -f "$work/zhsearch.js" && -f "$work/zhsearch_bg.wasm" ]] || die "wasm-bindgen did not write zhsearch.js + zhsearch_bg.wasm"

# --- 3. wasm-opt -------------------------------------------------------------------
# Enable exactly the features rustc's wasm32-unknown-unknown target emits (rustc
# 1.95: bulk-memory multivalue mutable-globals nontrapping-fptoint reference-types
# sign-ext), so wasm-opt neither rejects the input nor introduces anything newer.
features=()
while read -r feature; do
    case "$feature" in
        nontrapping-fptoint) features+=(--enable-nontrapping-float-to-int) ;;
        bulk-memory) features+=(--enable-bulk-memory --enable-bulk-memory-opt) ;;
        reference-types) features+=(--enable-reference-types --enable-call-indirect-overlong) ;;
        multivalue | mutable-globals | sign-ext | simd | extended-const | tail-call | \
            multimemory | relaxed-simd | exception-handling | memory64)
            features+=("--enable-$feature") ;;
        "") ;;
        *) printf 'warning: rustc target feature %s has no wasm-opt flag here; not enabled\n' "$feature" >&2 ;;
    esac
done < <(rustc --print cfg --target wasm32-unknown-unknown | sed -n 's/^target_feature="\(.*\)"$/\1/p')
say "optimizing ($opt_version -Oz ${features[*]})"
"$wasm_opt" -Oz "${features[@]}" -o "$work/zhsearch_bg.opt.wasm" "$work/zhsearch_bg.wasm"

# --- 4. gzip + base64 -> dist/zhsearch-wasm.js --------------------------------------
say "embedding the wasm as gzip+base64 in zhsearch-wasm.js"
rm -rf "$dist"
mkdir -p "$dist"
{
    printf 'self.ZHSEARCH_WASM_GZIP_BASE64 = "'
    gzip -9 -n -c "$work/zhsearch_bg.opt.wasm" | base64 -w0
    printf '";\n'
} >"$dist/zhsearch-wasm.js"

# --- 5. the page ---------------------------------------------------------------------
say "copying zhsearch.js and www/ into $dist"
cp "$work/zhsearch.js" "$dist/zhsearch.js"
if [[ -d www ]] && [[ -n "$(ls -A www)" ]]; then
    cp -R www/. "$dist/"
else
    printf 'warning: www/ is empty or missing: dist/ has the engine but no page\n' >&2
fi

gz_size() { gzip -9 -n -c "$1" | wc -c; }
human() { awk -v b="$1" 'BEGIN { if (b >= 1024) printf "%.1f KB", b / 1024; else printf "%d B", b }'; }
say "sizes"
printf '  %-28s %12s %12s\n' "file" "raw" "gzip -9"
total_raw=0 total_gz=0
while IFS= read -r -d '' f; do
    raw=$(wc -c <"$f")
    gz=$(gz_size "$f")
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    printf '  %-28s %12s %12s\n' "${f#"$dist"/}" "$(human "$raw")" "$(human "$gz")"
done < <(find "$dist" -type f -print0 | sort -z)
printf '  %-28s %12s %12s\n' "total" "$(human "$total_raw")" "$(human "$total_gz")"
wasm_raw=$(wc -c <"$work/zhsearch_bg.opt.wasm")
wasm_gz=$(gz_size "$work/zhsearch_bg.opt.wasm")
printf '  (the wasm itself: %s raw, %s gzip -9, before base64)\n' "$(human "$wasm_raw")" "$(human "$wasm_gz")"
say "done: open file://$dist/index.html, or serve $dist"
