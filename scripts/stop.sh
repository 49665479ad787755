#!/usr/bin/env bash
# Stop what scripts/run.sh started (`make stop`), from any terminal.
#
# 1. If run.sh is still in the foreground somewhere, SIGTERM it: it stops its
#    services itself and exits cleanly (exit 0) in its own terminal.
# 2. Then any service still listed in $RUN_DIR/pids (run.sh was killed hard,
#    or never got to clean up) gets SIGTERM, up to STOP_TIMEOUT s, SIGKILL.
#
# Only processes whose command line shows they are ours are signalled: a pid
# file can outlive its process and the pid can be reused by anything.
#
# Environment:
#   STOP_TIMEOUT   seconds to wait after SIGTERM before SIGKILL (default 10)
#   RUN_DIR        state dir used by run.sh (default <repo>/.run)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${RUN_DIR:-$REPO_ROOT/.run}"
PID_DIR="$RUN_DIR/pids"
STOP_TIMEOUT="${STOP_TIMEOUT:-10}"

log() { printf 'stop: %s\n' "$*" >&2; }

# The arguments of a process, one per line (empty if it is gone).
cmdline_of() { # <pid>
    if [[ -r /proc/$1/cmdline ]]; then
        tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null || true
    else
        # No procfs (e.g. macOS): ps; good enough for paths without spaces.
        ps -o args= -p "$1" 2>/dev/null | tr ' ' '\n' || true
    fi
}

# Alive and not a zombie (a zombie still passes kill -0 until reaped).
alive() { # <pid>
    kill -0 "$1" 2>/dev/null || return 1
    if [[ -r /proc/$1/stat ]]; then
        local stat
        stat=$(<"/proc/$1/stat") || return 1
        # Field 3, after the "(comm)" which may itself contain spaces.
        stat=${stat##*) }
        [[ ${stat%% *} != Z ]]
    fi
}

# Is <pid> our service <svc>? Its argv must contain ".../<svc> serve".
# Matching any argv position also covers a script run by an interpreter.
is_service() { # <pid> <svc>
    local prev="" arg
    while IFS= read -r arg; do
        if [[ $arg == serve && -n $prev && ${prev##*/} == "$2" ]]; then
            return 0
        fi
        prev=$arg
    done < <(cmdline_of "$1")
    return 1
}

is_run_sh() { # <pid>
    local arg
    while IFS= read -r arg; do
        [[ ${arg##*/} != run.sh ]] || return 0
    done < <(cmdline_of "$1")
    return 1
}

read_pid() { # <file>: prints the pid, fails if the file holds no pid
    local pid
    pid=$(head -n1 "$1" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    printf '%s' "$pid"
}

wait_gone() { # <seconds> <pid>...: fails if any is still alive at the end
    local deadline=$((SECONDS + $1)) pid left
    shift
    while :; do
        left=0
        for pid in "$@"; do
            if alive "$pid"; then left=1; fi
        done
        ((left)) || return 0
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

[[ -d $RUN_DIR ]] || {
    log "nothing to stop ($RUN_DIR does not exist)"
    exit 0
}

# 1. Ask run.sh to shut down its own services (it owns them, so it can reap
# them and report cleanly in its own terminal).
via_run_sh=0
if run_pid=$(read_pid "$RUN_DIR/run.pid") && alive "$run_pid" && is_run_sh "$run_pid"; then
    via_run_sh=1
    log "asking run.sh (pid $run_pid) to stop the services"
    kill -TERM "$run_pid" 2>/dev/null || true
    # run.sh waits STOP_TIMEOUT for its services, then SIGKILLs them.
    if ! wait_gone $((STOP_TIMEOUT + 5)) "$run_pid"; then
        log "run.sh (pid $run_pid) did not exit; stopping its services directly"
    fi
fi
rm -f "$RUN_DIR/run.pid"

# 2. Whatever is still listed.
names=()
pids=()
shopt -s nullglob
for file in "$PID_DIR"/*.pid; do
    svc=$(basename "$file" .pid)
    if pid=$(read_pid "$file") && alive "$pid" && is_service "$pid" "$svc"; then
        names+=("$svc")
        pids+=("$pid")
    else
        rm -f "$file" # stale: process gone, or the pid now belongs to someone else
    fi
done

if ((${#pids[@]} == 0)); then
    if ((via_run_sh)); then log "all services stopped"; else log "no services running"; fi
    exit 0
fi

log "sending SIGTERM to: ${names[*]}"
kill -TERM "${pids[@]}" 2>/dev/null || true
if ! wait_gone "$STOP_TIMEOUT" "${pids[@]}"; then
    for i in "${!pids[@]}"; do
        # Re-check identity: the pid may have been reused in the meantime.
        if alive "${pids[$i]}" && is_service "${pids[$i]}" "${names[$i]}"; then
            log "${names[$i]} (pid ${pids[$i]}) ignored SIGTERM for ${STOP_TIMEOUT}s, sending SIGKILL"
            kill -KILL "${pids[$i]}" 2>/dev/null || true
        fi
    done
    wait_gone 5 "${pids[@]}" || log "some processes survived SIGKILL: ${pids[*]}"
fi
for svc in "${names[@]}"; do rm -f "$PID_DIR/$svc.pid"; done
log "stopped: ${names[*]}"
