#!/usr/bin/env bash
# The demo's browser tests: starts the private stack (scripts/stack.sh, ports 19080..), runs
# browser/demo.test.mjs with node --test (playwright-core driving Debian's chromium; install it
# with `scripts/ensure-deps.sh --test`), stops the stack. Screenshots: <repo>/target/demo-screens.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
stack="$here/scripts/stack.sh"
export PORT_BASE=${PORT_BASE:-19080}
command -v "${CHROMIUM:-chromium}" >/dev/null || { echo "browser-test: chromium missing (scripts/ensure-deps.sh --test)" >&2; exit 1; }
trap 'bash "$stack" stop' EXIT
RESET=1 bash "$stack" start
cd "$here"
GATEWAY_URL=http://127.0.0.1:$PORT_BASE STACK="$stack" node --test browser/
