#!/usr/bin/env bash
# Benchmark (not a test): index build time and size, the engine's size, the
# whole dist/ folder, native query latency. Prints a table with the targets:
# engine <= 60 KB gzip, p99 query <= 1 ms. (The side-by-side comparison with
# Pagefind in Chromium is scripts/bench-pagefind.sh.)
#
#   bash scripts/bench.sh            # everything (several minutes: three cargo builds)
#   RUNS=1000 bash scripts/bench.sh  # more timed runs per query (default 200)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

if [[ -d "$HOME/.cargo/bin" && ":$PATH:" != *":$HOME/.cargo/bin:"* ]]; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi
unset ZHSEARCH_INDEX_DIR DIST_DIR # the normal builds embed index/ and write dist/
target_dir=${CARGO_TARGET_DIR:-$root/target}
[[ "$target_dir" == /* ]] || target_dir="$root/$target_dir"
export CARGO_TARGET_DIR="$target_dir"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zhsearch-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

gz() { gzip -9 -n -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
now_ns() { date +%s%N; }

bash scripts/setup.sh

# --- 1. index build time and size ----------------------------------------------------
say "building the CLI (cargo build --release --bin zhsearch)"
cargo build --release --bin zhsearch
cli="$target_dir/release/zhsearch"
say "timing: zhsearch build index --out DIR (5 runs)"
build_ms=()
for i in 1 2 3 4 5; do
    out="$tmp/index-$i"
    mkdir -p "$out"
    t0=$(now_ns)
    "$cli" build index --out "$out" >"$tmp/build-$i.log" 2>&1 \
        || { cat "$tmp/build-$i.log" >&2; die "zhsearch build failed"; }
    t1=$(now_ns)
    ms=$(( (t1 - t0) / 1000000 ))
    build_ms+=("$ms")
    printf '    run %s: %s ms\n' "$i" "$ms"
done
build_median_ms=$(printf '%s\n' "${build_ms[@]}" | sort -n | sed -n 3p)
index_raw=0 index_gz=0
printf '    index files (%s):\n' "$tmp/index-1"
while IFS= read -r -d '' f; do
    r=$(wc -c <"$f")
    g=$(gz "$f")
    index_raw=$((index_raw + r))
    index_gz=$((index_gz + g))
    printf '      %-30s %10s raw %10s gzip\n' "${f#"$tmp/index-1/"}" "$(kb "$r")" "$(kb "$g")"
done < <(find "$tmp/index-1" -type f -print0 | sort -z)
((index_raw > 0)) || die "zhsearch build wrote nothing into --out"

# --- 2. the engine (it carries no index) and dist/ ---------------------------------------
say "building dist/ (scripts/build-dist.sh: the engine, the binary, zhsearch build index --out dist)"
bash scripts/build-dist.sh
engine_wasm="$root/vendor/engine/zhsearch_bg.wasm"
engine_raw=$(wc -c <"$engine_wasm")
engine_gz=$(gz "$engine_wasm")
engine_js_gz=$(gz "$root/vendor/engine/zhsearch.js")
printf '    engine wasm: %s raw, %s gzip; its JS glue: %s gzip\n' \
    "$(kb "$engine_raw")" "$(kb "$engine_gz")" "$(kb "$engine_js_gz")"
dist="$root/dist"
dist_raw=0 dist_gz=0
while IFS= read -r -d '' f; do
    dist_raw=$((dist_raw + $(wc -c <"$f")))
    dist_gz=$((dist_gz + $(gz "$f")))
done < <(find "$dist" -type f -print0)

# --- 4. native query latency -----------------------------------------------------------
say "native query latency (cargo bench --bench query -- --runs ${RUNS:-200})"
cargo bench --bench query -- --runs "${RUNS:-200}" | tee "$tmp/query.log"
q_median=$(sed -n 's/^BENCH_QUERY_MEDIAN_US=//p' "$tmp/query.log")
q_p99=$(sed -n 's/^BENCH_QUERY_P99_US=//p' "$tmp/query.log")
[[ -n "$q_median" && -n "$q_p99" ]] || die "could not read the query timings from cargo bench"

# --- the table -------------------------------------------------------------------------
pct() { awk -v v="$1" -v t="$2" 'BEGIN { printf "%.0f%% of target", 100 * v / t }'; }
say "results ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(rustc --version | awk '{print $1" "$2}'))"
# printf pads by bytes: widen the value column by one per (two-byte) µ.
row() {
    local extra
    extra=$(printf '%s' "$2" | grep -o 'µ' | wc -l || true)
    printf "  %-44s %-$((26 + extra))s %s\n" "$1" "$2" "$3"
}
row "measure" "value" "target"
row "--------------------------------------------" "--------------------------" "--------------------------"
row "index build (zhsearch build index, median/5)" "${build_median_ms} ms" "(runs: ${build_ms[*]} ms)"
row "index file(s), raw / gzip" "$(kb "$index_raw") / $(kb "$index_gz")" ""
row "engine wasm (no index inside), gzip" "$(kb "$engine_gz") ($(kb "$engine_raw") raw)" "<= 60 KB: $(pct "$engine_gz" 61440)"
row "engine wasm + JS glue, gzip" "$(kb $((engine_gz + engine_js_gz)))" ""
row "dist/ files, every one (sum of gzip -9 per file)" "$(kb "$dist_gz") ($(kb "$dist_raw") raw)" "<= 400 KB: $(pct "$dist_gz" 409600)"
row "query latency native, median" "${q_median} µs" ""
row "query latency native, p99" "${q_p99} µs" "<= 1000 µs: $(pct "$q_p99" 1000)"
printf '\n  Query times are wall-clock on a shared machine; sizes are exact.\n'
