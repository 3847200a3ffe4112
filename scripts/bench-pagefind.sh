#!/usr/bin/env bash
# zhsearch vs Pagefind 1.6, side by side (issue 6). A benchmark, not a test: CI does not run it (minutes, and
# Pagefind's build of the laws wants several GB of memory).
#
#   bash scripts/bench-pagefind.sh           # the gazette and the laws (../shared/corpora/laws)
#   bash scripts/bench-pagefind.sh --quick   # the gazette only (about a minute once built)
#   bash scripts/bench-pagefind.sh --reuse-pagefind   # keep the last run's laws site and Pagefind build (and its figures)
#
# What it does:
#   1. scripts/setup.sh: installs what is missing (npm ci brings pagefind 1.6.0, pinned in package-lock.json, with
#      its binary from the npm optional dependency @pagefind/linux-x64; and playwright-core; Debian's chromium)
#   2. scripts/build-engine.sh + cargo build --release --bin zhsearch (the binary carries the wasm engine)
#   3. node benches/compare.mjs: renders each corpus as an HTML site (one page per document, lang zh-CN),
#      builds zhsearch (on the sources and on the HTML site) and Pagefind (on the HTML site) under /usr/bin/time -v,
#      then in one headless Chromium run: cold queries (a new context each, bytes counted by the loopback server),
#      warm searches, the bundle's own page with warm keystrokes, file://, and `zhsearch search` end to end.
#   Everything is written to target/bench/; the table goes to stdout and target/bench/table.md,
#   the raw figures to target/bench/results.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

for arg in "$@"; do
    case "$arg" in
        --quick | --reuse-pagefind) ;;
        -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
        *) die "unknown argument $arg (--quick, --reuse-pagefind)" ;;
    esac
done

if [[ -d "$HOME/.cargo/bin" && ":$PATH:" != *":$HOME/.cargo/bin:"* ]]; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi
target_dir=${CARGO_TARGET_DIR:-$root/target}
[[ "$target_dir" == /* ]] || target_dir="$root/$target_dir"
export CARGO_TARGET_DIR="$target_dir"

say "installing what is missing (scripts/setup.sh: npm ci with pagefind 1.6.0, Chromium, wasm tools)"
bash scripts/setup.sh >&2
[[ -x node_modules/.bin/pagefind ]] || die "node_modules/.bin/pagefind missing after npm ci"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed for build time and peak memory: apt-get install -y time"
say "pagefind: $(node_modules/.bin/pagefind --version)"

say "building the wasm engine (scripts/build-engine.sh) and the CLI (cargo build --release --bin zhsearch)"
bash scripts/build-engine.sh >&2
cargo build --release --bin zhsearch >&2

say "running benches/compare.mjs $*"
mkdir -p "$root/target/bench"
node benches/compare.mjs "$@" | tee "$root/target/bench/table.md"
