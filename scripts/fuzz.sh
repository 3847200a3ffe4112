#!/usr/bin/env bash
# Run every cargo-fuzz target for a bounded time.
#
#   bash scripts/fuzz.sh            # 30 s per target (the CI pass)
#   bash scripts/fuzz.sh 3600       # an hour per target
#   bash scripts/fuzz.sh 60 query_parse   # only the targets named
#
# Targets (fuzz/fuzz_targets/): query_parse (Query::parse and search over the
# embedded gazette index), gazette_split (gazette::split, repair_text),
# markdown_ingest (indexer::read_documents on a .md or .txt file).
# There is no index_open target yet: the index format is being rewritten.
#
# Corpora live in fuzz/corpus/<target>/ (committed: a small seed set; new
# inputs the fuzzer finds are added there, shrink them with
# `cargo +nightly fuzz cmin <target>` before committing any: after ~30 min per
# target, minimised, they were 5,000 files and 2.5 MB, so only seeds are in
# the repository). Crashes go to
# fuzz/artifacts/<target>/; commit the ones you fix, with their regression
# test. Exits non-zero if any target crashed.
#
# Needs the nightly toolchain and cargo-fuzz (installed here if missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -d "$HOME/.cargo/bin" && ":$PATH:" != *":$HOME/.cargo/bin:"* ]]; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi

seconds=${1:-30}
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -gt 0 ]] || {
    echo "usage: scripts/fuzz.sh [SECONDS per target] [TARGET...]" >&2
    exit 2
}
shift || true
targets=(query_parse gazette_split markdown_ingest)
if (($#)); then
    targets=("$@")
fi

say() { printf '==> %s\n' "$*"; }

rustup toolchain list | grep -q '^nightly' || {
    say "installing the nightly toolchain (cargo-fuzz needs -Z sanitizer flags)"
    rustup toolchain install nightly --profile minimal
}
command -v cargo-fuzz >/dev/null || {
    say "installing cargo-fuzz"
    cargo install cargo-fuzz --locked
}

# A separate target dir: sanitizer builds share nothing with the normal ones.
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-$PWD/fuzz/target}
# One build job: the machine is shared (override with CARGO_BUILD_JOBS).
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}

failed=()
for target in "${targets[@]}"; do
    corpus=fuzz/corpus/$target
    artifacts=fuzz/artifacts/$target
    mkdir -p "$corpus" "$artifacts"
    say "$target: building"
    # Optimised, with debug assertions and overflow checks (cargo-fuzz's default).
    cargo +nightly fuzz build --fuzz-dir fuzz "$target"
    say "$target: fuzzing for ${seconds}s (corpus $corpus, crashes in $artifacts)"
    # -timeout: an input taking over 10 s is a hang; -rss_limit_mb: 2 GB.
    if cargo +nightly fuzz run --fuzz-dir fuzz "$target" "$corpus" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/" -print_final_stats=1; then
        say "$target: ok"
    else
        say "$target: FAILED (see $artifacts/)"
        failed+=("$target")
    fi
done

if ((${#failed[@]})); then
    say "crashed: ${failed[*]}"
    exit 1
fi
say "all targets ran ${seconds}s without a crash: ${targets[*]}"
