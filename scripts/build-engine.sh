#!/usr/bin/env bash
# Build the browser engine that the `zhsearch` binary carries:
#
#   1. cargo build the wasm engine (profile `wasm`, no index inside)
#   2. wasm-bindgen --target no-modules   -> zhsearch.js (global `wasm_bindgen`) + zhsearch_bg.wasm
#   3. wasm-opt -Oz (npm binaryen 132, never Debian's wasm-opt 108)
#   4. copy both into vendor/engine/, where build.rs embeds them in the binary
#
# Environment (optional): CARGO_TARGET_DIR (default target/).
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
work="$target_dir/engine-build"
vendor="$root/vendor/engine"
wasm_opt="$root/node_modules/.bin/wasm-opt"

# --- tool checks ---------------------------------------------------------------
command -v wasm-bindgen >/dev/null || die "wasm-bindgen not found: run scripts/setup.sh"
[[ -x "$wasm_opt" ]] || die "$wasm_opt not found: run scripts/setup.sh (npm binaryen 132)"
opt_version=$("$wasm_opt" --version 2>&1 | head -1)
# Debian's binaryen (wasm-opt 108) produces modules that fail to load in Chromium.
[[ "$opt_version" =~ ^wasm-opt\ version\ 132([^0-9]|$) ]] \
    || die "wasm-opt at $wasm_opt is '$opt_version', need npm binaryen 132 (Debian's wasm-opt 108 breaks the wasm): run npm ci"
want_wbg=$(awk '
    $0 == "[[package]]" { name = "" }
    $1 == "name" && $3 == "\"wasm-bindgen\"" { name = "wasm-bindgen" }
    $1 == "version" && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)
have_wbg=$(wasm-bindgen --version | awk '{print $2}')
[[ -z "$want_wbg" || "$have_wbg" == "$want_wbg" ]] \
    || die "wasm-bindgen CLI is $have_wbg but Cargo.lock has wasm-bindgen $want_wbg: run scripts/setup.sh"

# --- 1. cargo build --------------------------------------------------------------
say "building the wasm engine (cargo build --profile wasm --target wasm32-unknown-unknown)"
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
# Enable exactly the features rustc's wasm32-unknown-unknown target emits, so
# wasm-opt neither rejects the input nor introduces anything newer.
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

# --- 4. vendor/engine ----------------------------------------------------------------
mkdir -p "$vendor"
cp "$work/zhsearch.js" "$vendor/zhsearch.js"
cp "$work/zhsearch_bg.opt.wasm" "$vendor/zhsearch_bg.wasm"
raw=$(wc -c <"$vendor/zhsearch_bg.wasm")
gz=$(gzip -9 -n -c "$vendor/zhsearch_bg.wasm" | wc -c)
say "engine: $vendor/zhsearch_bg.wasm, $raw bytes raw, $gz bytes gzip -9; glue zhsearch.js $(wc -c <"$vendor/zhsearch.js") bytes"
