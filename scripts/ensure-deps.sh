#!/usr/bin/env bash
# Make PostgreSQL (127.0.0.1:5432, user postgres, trust auth) and Redis
# (127.0.0.1:6379) available for the services and their tests, and moto (an
# S3-compatible server from PyPI) for the asset service's S3 tests.
#
# For each dependency, in order of preference:
#   1. it already answers on 127.0.0.1        -> use it, print nothing
#   2. it is installed but not running         -> start it
#   3. it is not installed                     -> apt-get install it, start it
# then wait (bounded by DEPS_TIMEOUT seconds, default 30) until it answers.
#
# Idempotent and silent when everything is already up, so `make test` and
# `make run` can call it every time at no cost.
#
# With --test (what `make test` runs) it also makes sure of the tools the
# tests start themselves: aiosmtpd (a real SMTP server, from PyPI) in a
# project-local virtualenv, $RUN_DIR/pyenv, which the auth tests use; and the
# seeds' JavaScript clients (socket.io-client, pinned in
# crates/seed-clients/node/package-lock.json) with `npm ci`, skipped while
# node_modules matches the lock file.
# project-local virtualenv, $RUN_DIR/pyenv, which the auth tests use; Node.js and Debian's
# Chromium for the TypeScript SDK's tests and the demo's browser tests (`make browser-test`);
# schemathesis (pinned, from PyPI) in the same virtualenv for `make fuzz`.
#
# Environment:
#   DEPS_TIMEOUT   seconds to wait for each dependency to answer (default 30)
#   RUN_DIR        scratch dir for a project-local PostgreSQL/Redis when the
#                  system locations are unusable (default <repo>/.run)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${RUN_DIR:-$REPO_ROOT/.run}"
DEPS_TIMEOUT="${DEPS_TIMEOUT:-30}"

# Deliberately fixed: the services' defaults (DATABASE_URL, REDIS_URL) point
# here, so a dependency anywhere else would not help them.
PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_HOST=127.0.0.1
REDIS_PORT=6379

# Marker line so that our pg_hba.conf edit is recognisable and never repeated.
HBA_MARKER="# gameplatform scripts/ensure-deps.sh: trust postgres over loopback"

log() { printf 'ensure-deps: %s\n' "$*" >&2; }
die() {
    log "ERROR: $*"
    exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

# Run a command as root: directly when we are root, via sudo otherwise.
# Non-interactive sudo (-n) so CI without a tty fails fast instead of hanging
# on a password prompt.
as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif have sudo; then
        sudo -n "$@"
    else
        die "need root to run '$*' (not root and sudo is not available)"
    fi
}

# Is something accepting TCP connections on host:port? Pure bash, no tools.
tcp_open() {
    # shellcheck disable=SC2016 # expanded by the inner bash, from its args
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" >/dev/null 2>&1
}

# ---------------------------------------------------------------- apt-get --

APT_UPDATED=0
apt_install() {
    have apt-get || die "$* is not installed and apt-get is not available; install it manually"
    if [[ $APT_UPDATED -eq 0 ]]; then
        log "running apt-get update"
        as_root apt-get update -qq >/dev/null || die "apt-get update failed"
        APT_UPDATED=1
    fi
    log "installing $* with apt-get (this can take a minute)"
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
        die "apt-get install $* failed"
}

# ------------------------------------------------------------- PostgreSQL --

# Does PostgreSQL accept the services' connection (user postgres, no
# password)? Uses the strongest check that the installed tools allow.
pg_ok() {
    if have psql; then
        # -w: never prompt for a password (no stdin in CI); a password
        # requirement counts as "refused", which is what the services see too.
        PGCONNECT_TIMEOUT=3 psql -w -X -q -h "$PG_HOST" -p "$PG_PORT" -U postgres \
            -d postgres -At -c 'select 1' >/dev/null 2>&1
    elif have pg_isready; then
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3
    else
        tcp_open "$PG_HOST" "$PG_PORT"
    fi
}

# Is a server there at all (even if it refuses our login)?
pg_listening() {
    if have pg_isready; then
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3
    else
        tcp_open "$PG_HOST" "$PG_PORT"
    fi
}

# Poll <check-function> until it succeeds or [seconds] (default DEPS_TIMEOUT)
# have passed.
wait_for() { # <check-function> [seconds]
    local check=$1 deadline=$((SECONDS + ${2:-$DEPS_TIMEOUT}))
    until "$check"; do
        if ((SECONDS >= deadline)); then
            return 1
        fi
        sleep 0.5
    done
}

# Debian's postgresql-common: "ver name status" of the cluster configured
# for our port, if any (pg_lsclusters -h prints: ver cluster port status ...).
pg_debian_cluster() {
    pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2, $4; exit }'
}

pg_newest_version() {
    local dir ver best=""
    for dir in /usr/lib/postgresql/*/bin/postgres; do
        [[ -x $dir ]] || continue
        ver=${dir#/usr/lib/postgresql/}
        ver=${ver%%/*}
        if [[ -z $best ]] || ((ver > best)); then best=$ver; fi
    done
    printf '%s' "$best"
}

# Let user postgres in over loopback TCP without a password by putting trust
# lines at the top of pg_hba.conf (first match wins, so nothing else in the
# file needs rewriting). Only called for a cluster this script installed or
# created, or for one that is up but refuses us.
pg_hba_trust_loopback() { # <path to pg_hba.conf>
    local hba=$1
    as_root test -f "$hba" || die "pg_hba.conf not found at $hba"
    if as_root grep -qF "$HBA_MARKER" "$hba"; then
        return 0
    fi
    log "allowing user postgres over 127.0.0.1/::1 without password in $hba"
    as_root sed -i "1i\\
$HBA_MARKER\\
host    all    postgres    127.0.0.1/32    trust\\
host    all    postgres    ::1/128         trust
" "$hba"
}

# Debian/Ubuntu layout: clusters managed by pg_ctlcluster.
pg_start_debian() {
    local fresh=$1 cluster ver name status
    cluster=$(pg_debian_cluster)
    if [[ -z $cluster ]]; then
        if [[ -n $(pg_lsclusters -h 2>/dev/null) ]]; then
            die "PostgreSQL clusters exist but none is configured for port $PG_PORT:
$(pg_lsclusters)
Start one on $PG_HOST:$PG_PORT yourself."
        fi
        if [[ -z $(pg_newest_version) ]]; then
            # postgresql-common without a server (client-only install).
            apt_install postgresql
            fresh=1
            cluster=$(pg_debian_cluster) # the package usually creates 'main'
        fi
    fi
    if [[ -z $cluster ]]; then
        ver=$(pg_newest_version)
        [[ -n $ver ]] || die "no PostgreSQL server binaries found under /usr/lib/postgresql"
        log "creating PostgreSQL $ver cluster 'main' on port $PG_PORT"
        as_root pg_createcluster -p "$PG_PORT" "$ver" main >/dev/null ||
            die "pg_createcluster $ver main failed"
        fresh=1
        cluster="$ver main down"
    fi
    read -r ver name status <<<"$cluster"
    if [[ $fresh -eq 1 ]]; then
        pg_hba_trust_loopback "/etc/postgresql/$ver/$name/pg_hba.conf"
    fi
    if [[ $status == online* ]]; then
        # Already running (the package's postinst may have started it, or it
        # is still starting up): make it pick up a pg_hba.conf change.
        as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload >/dev/null 2>&1 || true
    else
        log "starting PostgreSQL cluster $ver/$name"
        # --skip-systemctl-redirect: containers and CI usually have no
        # systemd; talk to the cluster directly.
        as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start ||
            die "could not start PostgreSQL cluster $ver/$name (see /var/log/postgresql/postgresql-$ver-$name.log)"
    fi
}

# Any other layout with a bare pg_ctl (e.g. a non-Debian install): run a
# project-local cluster under $RUN_DIR/pgdata, created with trust auth.
pg_start_local() {
    local pg_ctl initdb data="${PGDATA:-$RUN_DIR/pgdata}"
    pg_ctl=$(command -v pg_ctl)
    initdb=$(dirname "$pg_ctl")/initdb
    [[ -x $initdb ]] || initdb=$(command -v initdb || true)
    [[ $EUID -ne 0 ]] || die "pg_ctl cannot run as root and there is no pg_ctlcluster; start PostgreSQL on $PG_HOST:$PG_PORT yourself"
    mkdir -p "$RUN_DIR"
    if [[ ! -f $data/PG_VERSION ]]; then
        [[ -n $initdb ]] || die "initdb not found next to $pg_ctl"
        log "creating a local PostgreSQL cluster in $data"
        "$initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null ||
            die "initdb -D $data failed"
    fi
    if "$pg_ctl" -D "$data" status >/dev/null 2>&1; then
        return 0 # running already, maybe still starting up: just wait
    fi
    log "starting PostgreSQL from $data (log: $RUN_DIR/postgres.log)"
    "$pg_ctl" -D "$data" -l "$RUN_DIR/postgres.log" -w -t "$DEPS_TIMEOUT" \
        -o "-c listen_addresses=$PG_HOST -p $PG_PORT -k $RUN_DIR" start >/dev/null ||
        die "pg_ctl start failed (see $RUN_DIR/postgres.log)"
}

ensure_postgres() {
    pg_ok && return 0

    if pg_listening; then
        # Up, but refusing user postgres (e.g. a password is required). Only
        # the Debian layout tells us where its pg_hba.conf is; fix that one.
        local cluster ver name
        if have pg_lsclusters && cluster=$(pg_debian_cluster) && [[ -n $cluster ]]; then
            read -r ver name _ <<<"$cluster"
            log "PostgreSQL on $PG_HOST:$PG_PORT refuses user postgres without a password"
            pg_hba_trust_loopback "/etc/postgresql/$ver/$name/pg_hba.conf"
            as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload >/dev/null ||
                die "could not reload PostgreSQL cluster $ver/$name"
        else
            die "a server listens on $PG_HOST:$PG_PORT but refuses 'psql -h $PG_HOST -U postgres' without a password; allow trust auth for user postgres over loopback"
        fi
    else
        local fresh=0
        if ! have pg_ctlcluster && ! have pg_ctl; then
            apt_install postgresql
            fresh=1
        fi
        if have pg_ctlcluster; then
            pg_start_debian "$fresh"
        else
            pg_start_local
        fi
    fi

    wait_for pg_ok ||
        die "PostgreSQL does not accept 'psql -h $PG_HOST -p $PG_PORT -U postgres' after ${DEPS_TIMEOUT}s"
    log "PostgreSQL is up on $PG_HOST:$PG_PORT"
}

# ------------------------------------------------------------------ Redis --

redis_ok() {
    if have redis-cli; then
        [[ $(timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
    else
        # Speak RESP by hand: inline PING, expect "+PONG\r\n".
        # shellcheck disable=SC2016 # expanded by the inner bash, from its args
        timeout 3 bash -c '
            exec 3<>"/dev/tcp/$1/$2" || exit 1
            printf "PING\r\n" >&3
            IFS= read -r reply <&3 || exit 1
            [[ $reply == +PONG* ]]' _ "$REDIS_HOST" "$REDIS_PORT" 2>/dev/null
    fi
}

ensure_redis() {
    redis_ok && return 0

    if tcp_open "$REDIS_HOST" "$REDIS_PORT"; then
        die "something listens on $REDIS_HOST:$REDIS_PORT but does not answer PING with PONG (password-protected Redis, or not Redis at all?)"
    fi

    if ! have redis-server; then
        apt_install redis-server
        # The package may have started its own instance already.
        if wait_for redis_ok 5; then
            log "Redis is up on $REDIS_HOST:$REDIS_PORT"
            return 0
        fi
    fi

    # A throwaway cache: no persistence. System dirs when we may write them
    # (same as the machine's own setup), else project-local ones.
    local dir=/var/lib/redis logfile=/var/log/redis/ci.log
    if ! { [[ -d $dir && -w $dir ]] && [[ -w ${logfile%/*} ]]; }; then
        dir="$RUN_DIR/redis"
        logfile="$RUN_DIR/redis.log"
        mkdir -p "$dir"
    fi
    log "starting redis-server on $REDIS_HOST:$REDIS_PORT (log: $logfile)"
    # Bind IPv6 loopback only where the kernel has it ("-" makes it optional).
    redis-server --daemonize yes --bind "$REDIS_HOST" -::1 --port "$REDIS_PORT" \
        --save "" --appendonly no --dir "$dir" --logfile "$logfile" ||
        die "redis-server failed to start (see $logfile)"

    wait_for redis_ok ||
        die "Redis does not answer PING on $REDIS_HOST:$REDIS_PORT after ${DEPS_TIMEOUT}s (see $logfile)"
    log "Redis is up on $REDIS_HOST:$REDIS_PORT"
}

# ------------------------------------------------------------------- moto --

# The asset service's S3 tests run a real S3-compatible server: moto in server
# mode, from PyPI. On PATH already, or in a project-local virtualenv
# ($RUN_DIR/moto, which the tests also look in); never a system-wide pip install.
ensure_moto() {
    have moto_server && return 0
    [[ -x "$RUN_DIR/moto/bin/moto_server" ]] && return 0
    if ! have python3 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
        apt_install python3 python3-venv
    fi
    log "installing moto[server] from PyPI into $RUN_DIR/moto (for the asset service's S3 tests)"
    mkdir -p "$RUN_DIR"
    python3 -m venv "$RUN_DIR/moto" || die "python3 -m venv $RUN_DIR/moto failed"
    "$RUN_DIR/moto/bin/pip" install --quiet --disable-pip-version-check 'moto[server]' ||
        die "pip install moto[server] failed"
}

# -------------------------------------------------- test tools (--test) --

PYENV_DIR="$RUN_DIR/pyenv"
AIOSMTPD_VERSION=1.4.6

smtp_server_ok() {
    [[ -x $PYENV_DIR/bin/python3 ]] &&
        "$PYENV_DIR/bin/python3" -c 'import aiosmtpd' >/dev/null 2>&1
}

make_venv() {
    rm -rf "$PYENV_DIR"
    python3 -m venv "$PYENV_DIR" >/dev/null 2>&1
}

ensure_smtp_server() {
    smtp_server_ok && return 0
    have python3 || apt_install python3 python3-venv
    if ! make_venv; then
        # Debian ships the venv module (ensurepip) separately.
        apt_install python3-venv
        make_venv || die "python3 -m venv $PYENV_DIR failed"
    fi
    log "installing aiosmtpd $AIOSMTPD_VERSION (the auth tests' SMTP server) into $PYENV_DIR"
    "$PYENV_DIR/bin/python3" -m pip install -q --disable-pip-version-check \
        "aiosmtpd==$AIOSMTPD_VERSION" || die "pip install aiosmtpd==$AIOSMTPD_VERSION failed"
    smtp_server_ok || die "aiosmtpd is not importable from $PYENV_DIR/bin/python3"
}

# `make fuzz` (scripts/fuzz.sh): schemathesis, in the same virtualenv, pinned so a fixed seed
# generates the same cases everywhere.
SCHEMATHESIS_VERSION=4.32.5

ensure_schemathesis() {
    [[ $("$PYENV_DIR/bin/schemathesis" --version 2>/dev/null) == *" $SCHEMATHESIS_VERSION" ]] && return 0
    log "installing schemathesis $SCHEMATHESIS_VERSION (make fuzz) into $PYENV_DIR"
    "$PYENV_DIR/bin/python3" -m pip install -q --disable-pip-version-check \
        "schemathesis==$SCHEMATHESIS_VERSION" || die "pip install schemathesis==$SCHEMATHESIS_VERSION failed"
}

NODE_CLIENTS_DIR="$REPO_ROOT/crates/seed-clients/node"

# The seed-clients journeys run the voting seed's real client library under Node.
ensure_node_clients() {
    local lock="$NODE_CLIENTS_DIR/package-lock.json"
    local stamp="$NODE_CLIENTS_DIR/node_modules/.ensure-deps.sha256"
    [[ -f $lock ]] || return 0
    local want
    want="$(sha256sum "$lock" | cut -d' ' -f1)"
    [[ -f $stamp && "$(cat "$stamp")" == "$want" ]] && have node && return 0
    have node && have npm || apt_install nodejs npm
    log "npm ci in $NODE_CLIENTS_DIR (socket.io-client for the voting journeys)"
    (cd "$NODE_CLIENTS_DIR" && npm ci --no-audit --no-fund --loglevel=error) ||
        die "npm ci in $NODE_CLIENTS_DIR failed"
    echo "$want" >"$stamp"
}

# Node.js + npm (the TypeScript SDK's checks and tests) and Debian's Chromium (the demo's
# browser tests, driven by playwright-core from npm; Playwright's own browser downloads are
# never used).
ensure_browser_tools() {
    have node && have npm || apt_install nodejs npm
    have chromium || apt_install chromium
}

ensure_postgres
ensure_redis
if [[ ${1:-} == --test ]]; then
    ensure_smtp_server
    ensure_schemathesis
    ensure_moto
    ensure_node_clients
    ensure_browser_tools
fi
