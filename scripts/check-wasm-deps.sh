#!/usr/bin/env bash
# The wasm engine must not contain the build side: jieba-rs and its
# dictionary (include-flate, zstd) add ~2.4 MB gzip. They are kept out by
# target-specific dependencies; Cargo feature unification or a careless
# edit of Cargo.toml could let them back in, so this checks the real graph.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
deps=$(cargo tree --target wasm32-unknown-unknown -e normal --prefix none 2>/dev/null | awk '{print $1}' | sort -u)
leaked=$(grep -E '^(jieba-rs|include-flate|include-flate-codegen|zstd|zstd-sys|serde_json)$' <<<"$deps" || true)
if [[ -n "$leaked" ]]; then
    printf 'error: build-only crates in the wasm dependency graph:\n%s\n' "$leaked" >&2
    printf '(see `cargo tree --target wasm32-unknown-unknown -e normal -i <crate>`)\n' >&2
    exit 1
fi
printf '==> wasm dependency graph: %s crates, no jieba-rs, dictionary or serde_json\n' "$(wc -l <<<"$deps")"
