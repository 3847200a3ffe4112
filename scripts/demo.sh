#!/usr/bin/env bash
# Install what is missing, build dist/, and serve it on http://127.0.0.1:$PORT
# (default 8000, or the next free port). Stays in the foreground: Ctrl+C stops it.
# dist/index.html also works straight from disk (file://), no server needed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

bash scripts/setup.sh
bash scripts/build-dist.sh

command -v python3 >/dev/null || die "python3 not found (needed for the local web server): apt-get install -y python3"
dist="${DIST_DIR:-$root/dist}"
[[ "$dist" == /* ]] || dist="$root/$dist"

port=${PORT:-8000}
[[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"
port_free() {
    python3 - "$1" <<'EOF'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
EOF
}
first=$port
until port_free "$port"; do
    port=$((port + 1))
    (( port < first + 100 )) || die "no free port in ${first}..$((first + 99))"
done
[[ "$port" == "$first" ]] || say "port $first is busy, using $port"

say "serving $dist"
printf '\n    http://127.0.0.1:%s/\n\n    or open from disk: file://%s/index.html\n\n    (Ctrl+C to stop)\n\n' "$port" "$dist"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dist"
