#!/usr/bin/env bash
# The one-line test entry point: `bash scripts/test.sh [pytest args...]`.
#
# Installs what is missing (virtualenv, PostgreSQL, Redis, Chromium), lints, type-checks, checks that
# migrations are up to date, then runs the test suite twice: on SQLite, and, on a
# throwaway PostgreSQL cluster of whichever major version Debian installed (the newest
# one present), every test that reaches the database (the others would only repeat the
# first run: tests/conftest.py). Extra arguments are passed to both pytest runs.
#
# Under CI=true a missing PostgreSQL, Redis or Chromium is a hard failure; elsewhere the
# affected part is skipped with a warning. (The tests start their own Redis, from Debian's
# redis-server, on 127.0.0.1: tests/ops/conftest.py.)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# find_pg_bin [ROOT]: the bin directory of the newest PostgreSQL major version installed
# under ROOT (Debian's /usr/lib/postgresql) that has a server (initdb); empty when none.
find_pg_bin() {
    local root="${1:-/usr/lib/postgresql}" dir
    # The glob sorts lexically (10 before 9): sort on the major number instead.
    for dir in "$root"/*/bin; do
        if [[ -x "$dir/initdb" ]]; then printf '%s\t%s\n' "$(basename "$(dirname "$dir")")" "$dir"; fi
    done | sort -n | tail -n 1 | cut -f 2
}
PG_BIN="$(find_pg_bin)"
pg_version() { [[ -n "$PG_BIN" ]] && basename "$(dirname "$PG_BIN")" || echo "?"; }
CHROMIUM=/usr/bin/chromium
IN_CI=0
[[ "${CI:-}" == "true" ]] && IN_CI=1
IS_ROOT=0
[[ "$(id -u)" -eq 0 ]] && IS_ROOT=1

section() { printf '\n== %s ==\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}

# --- cleanup -------------------------------------------------------------------------
TMP_DIRS=()
PG_DIR=""
PG_STARTED=0

as_pg_owner() {
    # PostgreSQL refuses to run as root: use the postgres user when we are root.
    if [[ $IS_ROOT -eq 1 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

cleanup() {
    if [[ $PG_STARTED -eq 1 ]]; then
        as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m immediate >/dev/null 2>&1 || true
    fi
    if [[ ${#TMP_DIRS[@]} -gt 0 ]]; then
        rm -rf "${TMP_DIRS[@]}"
    fi
}
trap cleanup EXIT

# new_tmp_dir VAR [TEMPLATE]: create a temporary directory, store its path in VAR and
# register it for removal on exit. (Not used through $(...): that would run in a subshell
# and lose the registration.)
new_tmp_dir() {
    local template="${2:-${TMPDIR:-/tmp}/zonetrack-test.XXXXXX}"
    local dir
    dir="$(mktemp -d "$template")"
    TMP_DIRS+=("$dir")
    printf -v "$1" '%s' "$dir"
}

# --- system packages -----------------------------------------------------------------
section "system packages"
APT_PACKAGES=()
if ! python3 -c 'import ensurepip' >/dev/null 2>&1 && [[ ! -x .venv/bin/python ]]; then
    APT_PACKAGES+=(python3-venv)
fi
[[ -n "$PG_BIN" ]] || APT_PACKAGES+=(postgresql)
command -v redis-server >/dev/null 2>&1 || APT_PACKAGES+=(redis-server)
[[ -x "$CHROMIUM" ]] || APT_PACKAGES+=(chromium)

if [[ ${#APT_PACKAGES[@]} -gt 0 ]]; then
    if [[ $IS_ROOT -eq 1 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "installing: ${APT_PACKAGES[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${APT_PACKAGES[@]}"
    else
        warn "missing system packages (${APT_PACKAGES[*]}); run as root on Debian to install them:"
        warn "  apt-get install ${APT_PACKAGES[*]}"
    fi
else
    echo "all present"
fi

PG_BIN="$(find_pg_bin)"  # again: apt-get may just have installed it
HAVE_PG=1
if [[ -z "$PG_BIN" ]]; then
    HAVE_PG=0
elif [[ $IS_ROOT -eq 1 ]] && ! id postgres >/dev/null 2>&1; then
    HAVE_PG=0
fi
HAVE_CHROMIUM=1
[[ -x "$CHROMIUM" ]] || HAVE_CHROMIUM=0
HAVE_REDIS=1
command -v redis-server >/dev/null 2>&1 || HAVE_REDIS=0

if [[ $IN_CI -eq 1 ]]; then
    [[ $HAVE_PG -eq 1 ]] || die "PostgreSQL is required under CI but no /usr/lib/postgresql/*/bin/initdb (or the postgres user) was found"
    [[ $HAVE_CHROMIUM -eq 1 ]] || die "Chromium is required under CI but $CHROMIUM is missing"
    [[ $HAVE_REDIS -eq 1 ]] || die "Redis is required under CI but redis-server is missing (apt-get install redis-server)"
fi
SKIP_BROWSER_ENV=()
if [[ $HAVE_CHROMIUM -eq 0 ]]; then
    warn "Chromium not found at $CHROMIUM: browser tests will be skipped"
    SKIP_BROWSER_ENV=(ZONETRACK_SKIP_BROWSER=1)
fi
[[ $HAVE_REDIS -eq 1 ]] || warn "redis-server not found: the several-server tests will be skipped"
[[ $HAVE_PG -eq 1 ]] || warn "PostgreSQL not found (no /usr/lib/postgresql/*/bin/initdb): the PostgreSQL run will be skipped"

# --- virtualenv ----------------------------------------------------------------------
section "virtualenv"
if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
fi
.venv/bin/pip install -q -e '.[test]'
echo "ok"

# --- lint ----------------------------------------------------------------------------
section "ruff"
.venv/bin/ruff check . || die "ruff check failed"
.venv/bin/ruff format --check . || die "ruff format --check failed (run: .venv/bin/ruff format .)"

# --- types ---------------------------------------------------------------------------
section "mypy"
# The django-stubs plugin loads the settings: give it a throwaway data directory.
new_tmp_dir TYPES_DATA_DIR
env -u DATABASE_URL ZONETRACK_DATA_DIR="$TYPES_DATA_DIR" .venv/bin/mypy src || die "mypy failed"

# --- migrations ----------------------------------------------------------------------
section "migrations"
new_tmp_dir MIG_DATA_DIR
env -u DATABASE_URL ZONETRACK_DATA_DIR="$MIG_DATA_DIR" \
    .venv/bin/zonetrack makemigrations --check --dry-run \
    || die "models have changes without migrations (run: .venv/bin/zonetrack makemigrations)"

# --- PostgreSQL cluster ---------------------------------------------------------------
# Started before both runs: the SQLite run's backup and copy tests also need a server
# (ZONETRACK_TEST_POSTGRES_URL) to make PostgreSQL databases on.
section "PostgreSQL cluster"
PG_ENV=()
if [[ $HAVE_PG -eq 1 ]]; then
    PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    # Under /tmp (not $TMPDIR): the postgres user must be able to reach it, and the
    # Unix socket path must stay short.
    new_tmp_dir PG_DIR /tmp/zonetrack-pg.XXXXXX
    if [[ $IS_ROOT -eq 1 ]]; then
        chown postgres: "$PG_DIR"
    fi
    as_pg_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
    PG_STARTED=1
    as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
        -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null \
        || { cat "$PG_DIR/log" >&2 || true; die "could not start PostgreSQL"; }
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres zonetrack
    echo "PostgreSQL $(pg_version) on 127.0.0.1:$PG_PORT"
    PG_ENV=(ZONETRACK_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres")
else
    echo "skipped: PostgreSQL is not installed"
fi

# --- tests on SQLite -----------------------------------------------------------------
section "tests on SQLite"
new_tmp_dir SQLITE_DATA_DIR
SQLITE_RC=0
env -u DATABASE_URL ZONETRACK_DATA_DIR="$SQLITE_DATA_DIR" "${SKIP_BROWSER_ENV[@]}" "${PG_ENV[@]}" \
    .venv/bin/pytest -q -n 2 --dist loadgroup --durations=15 "$@" || SQLITE_RC=$?

# --- tests on PostgreSQL -------------------------------------------------------------
section "tests on PostgreSQL"
PG_RC=skipped
if [[ $HAVE_PG -eq 1 ]]; then
    new_tmp_dir PG_DATA_DIR
    PG_RC=0
    env DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/zonetrack" ZONETRACK_TEST_DATABASE_ONLY=1 \
        ZONETRACK_DATA_DIR="$PG_DATA_DIR" "${SKIP_BROWSER_ENV[@]}" "${PG_ENV[@]}" \
        .venv/bin/pytest -q -n 2 --dist loadgroup --durations=15 "$@" || PG_RC=$?
else
    echo "skipped: PostgreSQL is not installed"
fi

# --- summary -------------------------------------------------------------------------
describe() {
    case "$1" in
        0) echo "passed" ;;
        skipped) echo "SKIPPED" ;;
        5) echo "FAILED (no tests collected)" ;;
        *) echo "FAILED (exit $1)" ;;
    esac
}
section "summary"
FAILED=0
[[ "$SQLITE_RC" == 0 ]] || FAILED=1
[[ "$PG_RC" == 0 || "$PG_RC" == skipped ]] || FAILED=1
NOTE=""
[[ $HAVE_CHROMIUM -eq 1 ]] || NOTE=" (browser tests skipped)"
echo "SQLite: $(describe "$SQLITE_RC"); PostgreSQL: $(describe "$PG_RC")${NOTE}"
if [[ $FAILED -ne 0 ]]; then
    echo "RESULT: FAILED"
    exit 1
fi
echo "RESULT: OK"
