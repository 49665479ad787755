#!/usr/bin/env bash
# The SDK's integration test: starts a private stack of the debug binaries (scripts/stack.sh,
# ports 19080..), checks that openapi/*.json match what the services serve, runs
# integration/replay.ts against it (register, subscribe, restart the gateway, count replayed
# events; actions and relays) and stops the stack. Build the binaries first
# (`cargo build --bins`; BIN overrides where they are).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
stack="$here/scripts/stack.sh"
export PORT_BASE=${PORT_BASE:-19080}
trap 'bash "$stack" stop' EXIT
RESET=1 bash "$stack" start
cd "$here"
node scripts/refresh-openapi.mjs --check "http://127.0.0.1:$PORT_BASE"
npx tsc -p tsconfig.test.json
GATEWAY_URL=http://127.0.0.1:$PORT_BASE LEADERBOARD_URL=http://127.0.0.1:$((PORT_BASE + 6)) STACK="$stack" \
  node .test-build/integration/replay.js
