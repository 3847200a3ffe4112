#!/usr/bin/env bash
# Install whatever zhsearch's build and tests need and is missing:
#   - the Rust wasm32-unknown-unknown target (+ rustfmt, clippy)
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock
#   - npm devDependencies (package-lock.json): binaryen (wasm-opt 132), playwright-core
#   - Debian's chromium, chromium-driver and the WenQuanYi Zen Hei font (CJK glyphs)
# (grep -q is avoided after a pipe: with pipefail, the writer's SIGPIPE fails the test.)
# Idempotent: when everything is present it only checks, in a few seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# cargo install puts binaries here; a fresh shell (CI) may not have it on PATH.
if [[ -d "$HOME/.cargo/bin" && ":$PATH:" != *":$HOME/.cargo/bin:"* ]]; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi

# --- Rust ---------------------------------------------------------------------
command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first (https://rustup.rs)"
if command -v rustup >/dev/null; then
    if ! rustup target list --installed | grep -x wasm32-unknown-unknown >/dev/null; then
        say "adding the Rust target wasm32-unknown-unknown"
        rustup target add wasm32-unknown-unknown
    else
        say "Rust target wasm32-unknown-unknown: present"
    fi
    for component in rustfmt clippy; do
        if ! rustup component list --installed 2>/dev/null | grep "^${component}" >/dev/null; then
            say "adding the Rust component ${component}"
            rustup component add "${component}"
        fi
    done
else
    libdir=$(rustc --print target-libdir --target wasm32-unknown-unknown 2>/dev/null || true)
    if [[ -z "$libdir" || ! -d "$libdir" ]]; then
        die "no rustup and no wasm32-unknown-unknown standard library: install the target"
    fi
fi

# --- wasm-bindgen-cli, pinned to Cargo.lock -------------------------------------
# The CLI must be the exact version of the wasm-bindgen crate that was compiled in.
if [[ ! -f Cargo.lock ]]; then
    say "no Cargo.lock yet: generating it (cargo generate-lockfile)"
    cargo generate-lockfile
fi
wbg_version=$(awk '
    $0 == "[[package]]" { name = "" }
    $1 == "name" && $3 == "\"wasm-bindgen\"" { name = "wasm-bindgen" }
    $1 == "version" && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)
[[ -n "$wbg_version" ]] || die "could not find the wasm-bindgen version in Cargo.lock"
have_wbg=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [[ "$have_wbg" == "$wbg_version" ]]; then
    say "wasm-bindgen-cli ${wbg_version}: present"
else
    if [[ -n "$have_wbg" ]]; then
        say "wasm-bindgen-cli is ${have_wbg}, Cargo.lock wants ${wbg_version}: reinstalling"
    fi
    say "installing wasm-bindgen-cli ${wbg_version} (about 7 minutes, once)"
    # No --locked: the CLI's own lockfile does not build with current crates.
    cargo install wasm-bindgen-cli --version "${wbg_version}" --force
    have_wbg=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
    [[ "$have_wbg" == "$wbg_version" ]] \
        || die "wasm-bindgen --version says '${have_wbg}' after installing ${wbg_version} (is another wasm-bindgen earlier on PATH? $(command -v wasm-bindgen))"
fi

# --- npm: binaryen (wasm-opt) and playwright-core --------------------------------
command -v node >/dev/null || die "node not found: install Node.js 20+ (e.g. apt-get install -y nodejs npm)"
command -v npm >/dev/null || die "npm not found: install npm (e.g. apt-get install -y npm)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
(( node_major >= 18 )) || die "Node.js $(node --version) is too old: need 18+ (20 recommended)"
lock_stamp=node_modules/.zhsearch-lock.sha256
if [[ -f package-lock.json ]]; then
    want=$(sha256sum package-lock.json | awk '{print $1}')
    if [[ -f "$lock_stamp" && "$(cat "$lock_stamp")" == "$want" \
          && -x node_modules/.bin/wasm-opt && -d node_modules/playwright-core ]]; then
        say "npm packages (binaryen, playwright-core): present"
    else
        say "installing npm packages from package-lock.json (npm ci)"
        npm ci --no-audit --no-fund
        echo "$want" >"$lock_stamp"
    fi
else
    say "installing npm packages (npm install: no package-lock.json)"
    npm install --no-audit --no-fund
fi
[[ -x node_modules/.bin/wasm-opt ]] || die "node_modules/.bin/wasm-opt missing after npm install"

# --- Chromium + CJK font for the browser tests ------------------------------------
apt_pkgs=()
command -v chromium >/dev/null || apt_pkgs+=(chromium)
command -v chromedriver >/dev/null || apt_pkgs+=(chromium-driver)
if ! command -v fc-list >/dev/null || ! fc-list 2>/dev/null | grep -i wqy >/dev/null; then
    apt_pkgs+=(fonts-wqy-zenhei)
fi
if (( ${#apt_pkgs[@]} == 0 )); then
    say "chromium, chromium-driver, fonts-wqy-zenhei: present"
else
    cmd="apt-get update && apt-get install -y ${apt_pkgs[*]}"
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        say "installing Debian packages: ${apt_pkgs[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        apt-get install -y "${apt_pkgs[@]}"
    else
        die "missing Debian packages: ${apt_pkgs[*]}. Run as root:  ${cmd}"
    fi
fi

say "setup done: wasm-bindgen ${wbg_version}, $(node_modules/.bin/wasm-opt --version), $(chromium --version 2>/dev/null | head -1)"
