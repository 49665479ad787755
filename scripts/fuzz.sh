#!/usr/bin/env bash
# API fuzzing (`make fuzz`): schemathesis against every service's OpenAPI, served and routed by
# the gateway of a private stack of the debug binaries, with a player's (and on admin routes an
# admin's) Bearer token. Fails on any 5xx, any response that breaks its operation's documented
# schema, status codes or content type, or a service tested with fewer than FUZZ_MIN_CASES cases.
# docs/reliability/fuzz.md says what it checks and what it found.
#
# Environment:
#   FUZZ_MIN_CASES  cases each service must reach (default 1000)
#   FUZZ_JOBS       services fuzzed at once (default 4)
#   FUZZ_WORKERS    schemathesis workers per service (default 1: with more, hypothesis's
#                   lambda descriptions race in CPython 3.11's ast module and the run errors)
#   FUZZ_SEED       hypothesis seed; default fixed (23) when CI=true, random otherwise
#   FUZZ_SERVICES   which specs (default all eight, then the gateway's own)
#   PORT_BASE (19180), STACK_DIR (/tmp/gp-fuzz-stack), CARGO (cargo)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

export PORT_BASE=${PORT_BASE:-19180} STACK_DIR=${STACK_DIR:-/tmp/gp-fuzz-stack} DB_SUFFIX=fuzz RESET=1
GATEWAY=http://127.0.0.1:$PORT_BASE
MIN_CASES=${FUZZ_MIN_CASES:-1000}
JOBS=${FUZZ_JOBS:-4}
WORKERS=${FUZZ_WORKERS:-1}
SERVICES=(${FUZZ_SERVICES:-auth inventory gacha battle room leaderboard ai asset gateway})
STACK=(bash clients/typescript/scripts/stack.sh)
ST=$REPO/.run/pyenv/bin/schemathesis
OUT=$STACK_DIR/fuzz
if [ -n "${FUZZ_SEED:-}" ]; then SEED=$FUZZ_SEED
elif [ "${CI:-}" = true ]; then SEED=23
else SEED=$((RANDOM * 32768 + RANDOM)); fi

# Operations (after the /internal/ filter) per spec, and the per-operation example budget that
# brings each service above MIN_CASES: parameterless GETs run once however large the budget, so
# the services with many of them get more per operation.
declare -A EXAMPLES=([auth]=60 [inventory]=25 [gacha]=70 [battle]=70 [room]=45
  [leaderboard]=200 [ai]=110 [asset]=90 [gateway]=20)

bash scripts/ensure-deps.sh --test
[ -x "$ST" ] || { echo "fuzz: $ST missing (scripts/ensure-deps.sh --test installs it)" >&2; exit 1; }
# The same build as `make build` and `cargo test --workspace` (dev-dependency features
# included), so after either this only checks that the binaries are current.
${CARGO:-cargo} build --workspace --all-targets

trap '"${STACK[@]}" stop' EXIT
"${STACK[@]}" start
rm -rf "$OUT" && mkdir -p "$OUT"

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
register() { # <email> <username>: prints the access token
  curl -sf -X POST "$GATEWAY/api/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"username\":\"$2\",\"password\":\"fuzz-password-1\"}" | json_field access_token
}
export FUZZ_GATEWAY=$GATEWAY
FUZZ_PLAYER_TOKEN=$(register player@fuzz.test fuzzplayer)
register admin@fuzz.test fuzzadmin >/dev/null
"${STACK[@]}" auth users promote admin@fuzz.test >/dev/null
FUZZ_ADMIN_TOKEN=$(curl -sf -X POST "$GATEWAY/api/auth/login" -H 'content-type: application/json' \
  -d '{"email":"admin@fuzz.test","password":"fuzz-password-1"}' | json_field access_token)
export FUZZ_PLAYER_TOKEN FUZZ_ADMIN_TOKEN
export SCHEMATHESIS_HOOKS=fuzz_hooks PYTHONPATH=$REPO/scripts${PYTHONPATH:+:$PYTHONPATH}

fuzz_one() { # <service>
  local svc=$1 spec filter=()
  if [ "$svc" = gateway ]; then spec=$GATEWAY/openapi.json; else spec=$GATEWAY/openapi/$svc.json; fi
  # `/internal/*` is service-to-service only: the gateway never routes it (it answers 404), so
  # it is no part of the API fuzzed here; each service's tests/api cover it with internal tokens.
  curl -sf "$spec" | grep -q '"/internal/' && filter=(--exclude-path-regex '^/internal/')
  "$ST" run "$spec" --url "$GATEWAY" "${filter[@]}" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --max-examples "${EXAMPLES[$svc]:-100}" --workers "$WORKERS" --seed "$SEED" \
    --request-timeout 30 --report json --report-json-path "$OUT/$svc.json" --no-color \
    >"$OUT/$svc.log" 2>&1
}

started=$SECONDS
echo "fuzz: seed $SEED, ${#SERVICES[@]} specs, $JOBS at a time, logs in $OUT"
for svc in "${SERVICES[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
  (fuzz_one "$svc" || true; echo "fuzz: $svc done after $((SECONDS - started)) s") &
done
wait

python3 - "$OUT" "$MIN_CASES" "$SEED" $((SECONDS - started)) "${SERVICES[@]}" <<'EOF'
import json, sys
out, min_cases, seed, secs, services = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
bad = []
print(f"\n{'service':<12} {'ops':>4} {'cases':>6} {'failures':>9} {'errors':>7} {'seconds':>8}")
for svc in services:
    try:
        r = json.load(open(f"{out}/{svc}.json"))
    except (OSError, ValueError):
        print(f"{svc:<12} no report (see {out}/{svc}.log)"); bad.append(svc); continue
    cases, fails = r["test_cases"]["generated"], r["test_cases"]["unique_failures"]
    errors = len(r["errors"]) + r["test_cases"]["errored"]
    print(f"{svc:<12} {r['operations']['tested']:>4} {cases:>6} {fails:>9} {errors:>7} {r['running_time']:>8.0f}")
    # The gateway's own spec is /healthz and /readyz: two parameterless GETs, a handful of cases.
    short = svc != "gateway" and cases < min_cases
    if fails or errors or r["exit_code"] or short or not r["complete"]:
        bad.append(svc + (f" (only {cases} cases)" if short else ""))
print(f"\nfuzz: seed {seed}, {secs} s")
if bad:
    print("fuzz: FAILED: " + ", ".join(bad) + f"; details in {out}/<service>.log")
    sys.exit(1)
print("fuzz: no 5xx, no response off its schema")
EOF
