#!/usr/bin/env bash
# Run the whole pytest suite against a real PostgreSQL, and check the Alembic migrations on it.
#
#   bash scripts/test_postgres.sh [pytest args...]
#
# Uses the local system-package PostgreSQL (Debian's postgresql-common: pg_lsclusters,
# pg_ctlcluster), installing it first if we are root and it is missing. Creates, if needed, a
# role and database `recoverynet_test` for the suite (conftest drops and re-creates its tables)
# and re-creates `recoverynet_migrate_test` on every run for `flask db upgrade` + `flask db check`.
# Safe to run repeatedly, and whether or not the server is already running.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

DB_USER="${RECOVERYNET_PG_USER:-recoverynet_test}"
DB_PASSWORD="${RECOVERYNET_PG_PASSWORD:-recoverynet_test_only}"   # a throwaway, loopback-only test role
DB_NAME="${RECOVERYNET_PG_DB:-recoverynet_test}"
MIGRATE_DB="${RECOVERYNET_PG_MIGRATE_DB:-recoverynet_migrate_test}"
DB_HOST=127.0.0.1

say() { printf '\n--- %s\n' "$*"; }
die() { printf 'test_postgres.sh: %s\n' "$*" >&2; exit 1; }

# Commands run as the `postgres` OS user (peer authentication over the Unix socket).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  elif [ "$(id -un)" = postgres ]; then
    "$@"
  else
    sudo -n -u postgres -- "$@"
  fi
}

# ---- 1. A PostgreSQL server is installed --------------------------------------------------
server_installed() {
  command -v pg_ctlcluster >/dev/null 2>&1 && command -v pg_lsclusters >/dev/null 2>&1 \
    && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}
if ! server_installed; then
  [ "$(id -u)" -eq 0 ] || die "PostgreSQL server is missing; install it with: sudo apt-get install -y postgresql"
  say "Installing PostgreSQL from the system packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  server_installed || die "PostgreSQL still missing after apt-get install postgresql"
fi

# ---- 2. A cluster exists and is running ---------------------------------------------------
# pg_lsclusters -h columns: version cluster port status owner datadir logfile
newest_cluster() { pg_lsclusters -h | sort -k1,1V | tail -n 1; }

if [ -z "$(newest_cluster)" ]; then
  version="$(basename "$(dirname "$(dirname "$(ls -d /usr/lib/postgresql/*/bin/postgres | sort -V | tail -n 1)")")")"
  say "Creating PostgreSQL $version cluster 'main'"
  pg_createcluster "$version" main
fi
read -r PG_VERSION PG_CLUSTER PG_PORT PG_STATUS _ < <(newest_cluster)

if [[ "$PG_STATUS" != online* ]]; then
  say "Starting PostgreSQL $PG_VERSION/$PG_CLUSTER on port $PG_PORT"
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi

for _ in $(seq 1 60); do
  if pg_isready -q -h "$DB_HOST" -p "$PG_PORT"; then break; fi
  sleep 1
done
pg_isready -h "$DB_HOST" -p "$PG_PORT" >/dev/null \
  || die "PostgreSQL $PG_VERSION/$PG_CLUSTER is not accepting connections on $DB_HOST:$PG_PORT (see $(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $7}'))"
say "PostgreSQL $PG_VERSION/$PG_CLUSTER is ready on $DB_HOST:$PG_PORT"

# ---- 3. Role and databases ----------------------------------------------------------------
psql_admin() {
  as_postgres env PGOPTIONS='-c client_min_messages=warning' \
    psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@"
}

# Identifiers and the password are passed as psql variables, quoted by psql (:"x" / :'x').
# Always (re)set the password, so a role left over from an older run still matches.
psql_admin -v role_name="$DB_USER" -v password="$DB_PASSWORD" <<'SQL'
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role_name') AS create_role \gset
\if :create_role
CREATE ROLE :"role_name" LOGIN PASSWORD :'password';
\else
ALTER ROLE :"role_name" WITH LOGIN PASSWORD :'password';
\endif
SQL

psql_admin -v role_name="$DB_USER" -v db="$DB_NAME" <<'SQL'
SELECT NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') AS create_db \gset
\if :create_db
CREATE DATABASE :"db" OWNER :"role_name" ENCODING 'UTF8' TEMPLATE template0;
\else
ALTER DATABASE :"db" OWNER TO :"role_name";
\endif
SQL

psql_admin -v role_name="$DB_USER" -v db="$MIGRATE_DB" <<'SQL'
DROP DATABASE IF EXISTS :"db" WITH (FORCE);
CREATE DATABASE :"db" OWNER :"role_name" ENCODING 'UTF8' TEMPLATE template0;
SQL

pg_url() { printf 'postgresql+psycopg://%s:%s@%s:%s/%s' "$DB_USER" "$DB_PASSWORD" "$DB_HOST" "$PG_PORT" "$1"; }

# ---- 4. The virtualenv and Chromium (what `make test` would set up) -----------------------
make --no-print-directory .venv/.installed catalogs
bash scripts/ensure_chromium.sh

status=0

# ---- 5. Migrations on a fresh PostgreSQL database -----------------------------------------
say "Alembic migrations on a fresh PostgreSQL database ($MIGRATE_DB): flask db upgrade + flask db check"
if DATABASE_URL="$(pg_url "$MIGRATE_DB")" .venv/bin/flask --app app db upgrade \
   && DATABASE_URL="$(pg_url "$MIGRATE_DB")" .venv/bin/flask --app app db check; then
  echo "Migrations: OK (upgrade ran, models and migrations agree on PostgreSQL)"
else
  echo "Migrations: FAILED on PostgreSQL" >&2
  status=1
fi

# ---- 6. The whole test suite on PostgreSQL ------------------------------------------------
say "pytest on PostgreSQL ($DB_NAME)"
pytest_status=0
TEST_DATABASE_URL="$(pg_url "$DB_NAME")" .venv/bin/python -m pytest "$@" || pytest_status=$?
if [ "$pytest_status" -ne 0 ]; then
  echo "pytest on PostgreSQL: FAILED (exit $pytest_status)" >&2
  status=$pytest_status
fi

exit "$status"
