#!/usr/bin/env bash
# Build and run the whole platform locally (`make run`).
#
#   1. cargo build (debug, or release with PROFILE=release)
#   2. scripts/ensure-deps.sh (PostgreSQL + Redis on 127.0.0.1)
#   3. start every service as `<bin> serve --migrate` in the background,
#      logs in $RUN_DIR/logs/<svc>.log, pids in $RUN_DIR/pids/<svc>.pid
#   4. wait until every /readyz answers 200, print the URLs
#   5. stay in the foreground; Ctrl-C (or `make stop` from another terminal)
#      stops all services: SIGTERM, up to STOP_TIMEOUT s, then SIGKILL.
#
# Environment:
#   PROFILE        debug (default) or release
#   SERVICES       space-separated subset of services to run (default: all)
#   BIN_DIR        where the binaries are (default: ${CARGO_TARGET_DIR:-target}/<profile>)
#   SKIP_BUILD=1   do not run cargo build
#   SKIP_DEPS=1    do not run scripts/ensure-deps.sh
#   READY_TIMEOUT  seconds to wait for all services to be ready (default 60)
#   STOP_TIMEOUT   seconds to wait after SIGTERM before SIGKILL (default 10)
#   RUN_DIR        state dir for logs and pids (default <repo>/.run)

# shellcheck disable=SC2317 # functions called from traps look unreachable
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

# Service name -> port. Keep in sync with the services' BIND_ADDR defaults
# and with SERVICES in the Makefile.
declare -A PORT=(
    [gateway]=8080 [auth]=8081 [inventory]=8082 [gacha]=8083 [battle]=8084
    [room]=8085 [leaderboard]=8086 [ai]=8087 [asset]=8088
)
ALL_SERVICES=(gateway auth inventory gacha battle room leaderboard ai asset)

PROFILE="${PROFILE:-debug}"
RUN_DIR="${RUN_DIR:-$REPO_ROOT/.run}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"
STOP_TIMEOUT="${STOP_TIMEOUT:-10}"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"

log() { printf 'run: %s\n' "$*" >&2; }
die() {
    log "ERROR: $*"
    exit 1
}

case "$PROFILE" in
debug) cargo_profile_args=() ;;
release) cargo_profile_args=(--release) ;;
*) die "PROFILE must be 'debug' or 'release', not '$PROFILE'" ;;
esac
BIN_DIR="${BIN_DIR:-${CARGO_TARGET_DIR:-target}/$PROFILE}"

read -r -a services <<<"${SERVICES:-${ALL_SERVICES[*]}}"
((${#services[@]} > 0)) || die "SERVICES is empty"
for svc in "${services[@]}"; do
    [[ -n ${PORT[$svc]:-} ]] || die "unknown service '$svc' (known: ${ALL_SERVICES[*]})"
done

# HTTP GET http://127.0.0.1:<port><path>; succeeds only on status 200.
http_ok() { # <port> <path>
    if command -v curl >/dev/null 2>&1; then
        curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$1$2"
    else
        # No curl: plain HTTP/1.1 over bash's /dev/tcp, check the status line.
        # shellcheck disable=SC2016 # expanded by the inner bash, from its args
        timeout 3 bash -c '
            exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
            printf "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n" "$2" "$1" >&3
            IFS= read -r status <&3 || exit 1
            [[ $status =~ ^HTTP/1\.[01]\ 200 ]]' _ "$1" "$2" 2>/dev/null
    fi
}

port_in_use() { # <port>
    # shellcheck disable=SC2016 # expanded by the inner bash, from its args
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" >/dev/null 2>&1
}

# ------------------------------------------------------------ preflight --

mkdir -p "$LOG_DIR" "$PID_DIR"

# Refuse to start a second copy: readiness checks would be answered by the
# old processes and the new ones would fail to bind.
if [[ -f $RUN_DIR/run.pid ]] && kill -0 "$(cat "$RUN_DIR/run.pid")" 2>/dev/null &&
    grep -qa 'run\.sh' "/proc/$(cat "$RUN_DIR/run.pid")/cmdline" 2>/dev/null; then
    die "already running (pid $(cat "$RUN_DIR/run.pid")); use 'make stop' first"
fi

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building (${PROFILE})"
    cargo build --workspace --bins "${cargo_profile_args[@]}"
fi

for svc in "${services[@]}"; do
    [[ -x $BIN_DIR/$svc ]] || die "binary $BIN_DIR/$svc not found (build it, or set BIN_DIR)"
done

if [[ ${SKIP_DEPS:-0} != 1 ]]; then
    "$REPO_ROOT/scripts/ensure-deps.sh"
fi

busy=()
for svc in "${services[@]}"; do
    if port_in_use "${PORT[$svc]}"; then busy+=("$svc:${PORT[$svc]}"); fi
done
((${#busy[@]} == 0)) ||
    die "ports already in use: ${busy[*]} (leftovers of an earlier run? try 'make stop')"

# ------------------------------------------------------- process control --

declare -A PID=()     # svc -> pid of a running service we started
STOPPING=0
SLEEP_PID=""

# Stop every service we started: SIGTERM, wait up to STOP_TIMEOUT, SIGKILL.
stop_all() {
    local svc pid deadline alive
    for svc in "${!PID[@]}"; do
        kill -TERM "${PID[$svc]}" 2>/dev/null || true
    done
    deadline=$((SECONDS + STOP_TIMEOUT))
    while :; do
        alive=()
        for svc in "${!PID[@]}"; do
            if kill -0 "${PID[$svc]}" 2>/dev/null; then
                alive+=("$svc")
            else
                # Reap it, so it does not linger as a zombie.
                wait "${PID[$svc]}" 2>/dev/null || true
                unset 'PID[$svc]'
                rm -f "$PID_DIR/$svc.pid"
            fi
        done
        ((${#alive[@]} > 0)) || break
        if ((SECONDS >= deadline)); then
            log "still running after ${STOP_TIMEOUT}s, sending SIGKILL: ${alive[*]}"
            for svc in "${alive[@]}"; do
                pid=${PID[$svc]}
                kill -KILL "$pid" 2>/dev/null || true
                wait "$pid" 2>/dev/null || true
                unset 'PID[$svc]'
                rm -f "$PID_DIR/$svc.pid"
            done
            break
        fi
        sleep 0.2
    done
}

# Ctrl-C, SIGTERM (e.g. from scripts/stop.sh), a closed terminal (SIGHUP):
# stop everything, exit 0.
on_signal() {
    trap '' INT TERM HUP # a second Ctrl-C must not interrupt the shutdown
    STOPPING=1
    echo >&2
    log "stopping services"
    [[ -z $SLEEP_PID ]] || kill "$SLEEP_PID" 2>/dev/null || true
    stop_all
    log "all services stopped"
    exit 0
}

# Any other way out (an error, a failed readiness check): never leave
# services behind.
on_exit() {
    local rc=$?
    if ((${#PID[@]} > 0)); then
        STOPPING=1
        log "stopping services"
        stop_all
    fi
    [[ -z $SLEEP_PID ]] || kill "$SLEEP_PID" 2>/dev/null || true
    # Only remove run.pid if it is still ours.
    if [[ -f $RUN_DIR/run.pid && $(cat "$RUN_DIR/run.pid") == "$$" ]]; then
        rm -f "$RUN_DIR/run.pid"
    fi
    exit "$rc"
}

trap on_signal INT TERM HUP
trap on_exit EXIT

# Lets scripts/stop.sh find us and ask us to shut down.
echo "$$" >"$RUN_DIR/run.pid"

# Sleep in the background and `wait` for it: bash runs traps only between
# commands, but `wait` returns as soon as a signal arrives, so Ctrl-C acts
# at once instead of after the sleep.
nap() {
    sleep "$1" &
    SLEEP_PID=$!
    wait "$SLEEP_PID" 2>/dev/null || true
    SLEEP_PID=""
}

# Report a service that exited: its status and the end of its log.
report_death() { # <svc>
    local svc=$1 pid=${PID[$1]} rc=0
    wait "$pid" 2>/dev/null || rc=$?
    unset 'PID[$svc]'
    rm -f "$PID_DIR/$svc.pid"
    log "service $svc (pid $pid) exited with status $rc; last lines of $LOG_DIR/$svc.log:"
    tail -n 30 "$LOG_DIR/$svc.log" | sed 's/^/    /' >&2 || true
}

# ---------------------------------------------------------------- start --

for svc in "${services[@]}"; do
    # A simple command with redirections is exec'd by the forked shell, so
    # $! is the service's own pid (what stop.sh checks in /proc/<pid>/cmdline).
    "$BIN_DIR/$svc" serve --migrate >"$LOG_DIR/$svc.log" 2>&1 </dev/null &
    PID[$svc]=$!
    echo "${PID[$svc]}" >"$PID_DIR/$svc.pid"
done
log "started ${#services[@]} service(s), waiting for /readyz (up to ${READY_TIMEOUT}s)"

declare -A READY=()
deadline=$((SECONDS + READY_TIMEOUT))
while ((${#READY[@]} < ${#services[@]})); do
    for svc in "${services[@]}"; do
        [[ -z ${READY[$svc]:-} ]] || continue
        if ! kill -0 "${PID[$svc]}" 2>/dev/null; then
            report_death "$svc"
            die "service $svc died during startup"
        fi
        if http_ok "${PORT[$svc]}" /readyz; then
            READY[$svc]=1
        fi
    done
    ((${#READY[@]} < ${#services[@]})) || break
    if ((SECONDS >= deadline)); then
        for svc in "${services[@]}"; do
            [[ -z ${READY[$svc]:-} ]] || continue
            log "service $svc: http://127.0.0.1:${PORT[$svc]}/readyz not 200 after ${READY_TIMEOUT}s; last lines of $LOG_DIR/$svc.log:"
            tail -n 30 "$LOG_DIR/$svc.log" | sed 's/^/    /' >&2 || true
        done
        die "not all services became ready"
    fi
    nap 0.5
done

# ---------------------------------------------------------------- ready --

{
    echo
    echo "All ${#services[@]} service(s) are ready."
    if [[ " ${services[*]} " == *" gateway "* ]]; then
        echo "  gateway:      http://127.0.0.1:${PORT[gateway]}"
        echo "  demo client:  http://127.0.0.1:${PORT[gateway]}/play/"
    fi
    echo "  API docs (Swagger UI):"
    for svc in "${services[@]}"; do
        printf '    %-12s http://127.0.0.1:%s/docs/\n' "$svc" "${PORT[$svc]}"
    done
    logs=${LOG_DIR#"$PWD"/} # relative to the repo root when inside it
    echo "  logs:         $logs/<service>.log   (tail -f $logs/*.log)"
    echo "Press Ctrl-C here, or run 'make stop' elsewhere, to stop everything."
    echo
}

# -------------------------------------------------------------- monitor --

# Stay in the foreground. A service that dies is reported; the others keep
# running. When none is left there is nothing to stay for.
while ((${#PID[@]} > 0)); do
    nap 1
    ((STOPPING == 0)) || break
    for svc in "${!PID[@]}"; do
        if ! kill -0 "${PID[$svc]}" 2>/dev/null; then
            report_death "$svc"
        fi
    done
done
die "all services have exited"
