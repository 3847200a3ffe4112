#!/usr/bin/env bash
# Run every check and test, one header per step:
#   setup.sh, cargo fmt --check, cargo clippy -D warnings, build-engine.sh
#   (the wasm engine the binary carries), cargo test, check-wasm-deps.sh (no
#   jieba in the wasm), deny.sh (licences, bans, advisories when reachable),
#   build-dist.sh (the binary builds dist/ from index/),
#   node --test tests/browser/ (headless Chromium on dist/)
# Exits non-zero if any step fails. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -d "$HOME/.cargo/bin" && ":$PATH:" != *":$HOME/.cargo/bin:"* ]]; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi

failed=()
passed=()
start_all=$SECONDS

# step NAME COMMAND...: print a header, run, record the outcome (never exits).
step() {
    local name=$1
    shift
    printf '\n==> [%s] %s\n' "$name" "$*"
    local t0=$SECONDS rc=0
    "$@" || rc=$?
    if ((rc == 0)); then
        passed+=("$name")
        printf '==> [%s] ok (%ss)\n' "$name" "$((SECONDS - t0))"
    else
        failed+=("$name")
        printf '==> [%s] FAILED with exit code %s (%ss)\n' "$name" "$rc" "$((SECONDS - t0))"
    fi
    return 0
}

summary() {
    printf '\n==> summary (%ss)\n' "$((SECONDS - start_all))"
    local s
    for s in "${passed[@]}"; do printf '    ok      %s\n' "$s"; done
    for s in "${failed[@]}"; do printf '    FAILED  %s\n' "$s"; done
    for s in "$@"; do printf '    skipped %s\n' "$s"; done
}

step setup bash scripts/setup.sh
if ((${#failed[@]})); then
    summary fmt clippy engine cargo-test wasm-deps deny build-dist browser
    exit 1
fi

step fmt cargo fmt --all -- --check
step clippy cargo clippy --all-targets -- -D warnings
# Before cargo test: the binary the CLI tests run carries the engine.
step engine bash scripts/build-engine.sh
step cargo-test cargo test
step wasm-deps bash scripts/check-wasm-deps.sh
step deny bash scripts/deny.sh
step build-dist bash scripts/build-dist.sh

browser_skip=()
if [[ " ${failed[*]} " == *" build-dist "* ]]; then
    printf '\n==> [browser] skipped: dist/ did not build\n'
    browser_skip=(browser)
elif ! compgen -G 'tests/browser/*.js' >/dev/null && ! compgen -G 'tests/browser/*.mjs' >/dev/null; then
    printf '\n==> [browser] no tests in tests/browser/\n'
    failed+=(browser)
else
    step browser node --test tests/browser/
fi

summary "${browser_skip[@]}"
# The closing line, in the plain form CI reads in any language.
printf 'steps: %s passed, %s failed\n' "${#passed[@]}" "${#failed[@]}"
if ((${#failed[@]})); then
    printf '==> %s step(s) FAILED: %s\n' "${#failed[@]}" "${failed[*]}"
    exit 1
fi
