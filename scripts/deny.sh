#!/usr/bin/env bash
# cargo deny over the dependency graph, with the policy in deny.toml:
#   licences (permissive only, no GPL), bans (duplicate versions warn),
#   sources (crates.io only), and advisories (RustSec) when the database
#   can be fetched.
# The advisory database lives on GitHub. When it cannot be fetched (offline,
# or GitHub unreachable), advisories are checked against a copy fetched
# earlier if there is one, else skipped with a note; the other checks still
# run and still fail the script. Installs cargo-deny if it is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -d "$HOME/.cargo/bin" && ":$PATH:" != *":$HOME/.cargo/bin:"* ]]; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi

say() { printf '==> %s\n' "$*"; }

if ! command -v cargo-deny >/dev/null; then
    say "installing cargo-deny (cargo install --locked: several minutes of compiling, once)"
    cargo install cargo-deny --locked
fi

db_dir="${CARGO_HOME:-$HOME/.cargo}/advisory-dbs"
say "fetching the RustSec advisory database (up to ${DENY_FETCH_TIMEOUT:-120}s)"
if timeout "${DENY_FETCH_TIMEOUT:-120}" cargo deny fetch db; then
    say "cargo deny check (advisories, bans, licenses, sources)"
    cargo deny --locked check advisories bans licenses sources
    exit
fi

say "cargo deny check bans licenses sources"
cargo deny --locked check bans licenses sources
if compgen -G "$db_dir/*/crates" >/dev/null; then
    say "note: the advisory database could not be fetched; checking advisories against the copy in $db_dir, which may be out of date"
    cargo deny --locked --offline check advisories
else
    say "note: the advisory database could not be fetched (is github.com reachable?) and there is no earlier copy in $db_dir: advisories NOT checked"
fi
