#!/usr/bin/env bash
# Entrypoint compatible with the official postgres image's documented contract:
#   POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_USER (default
#   postgres), POSTGRES_DB (default $POSTGRES_USER), PGDATA, POSTGRES_INITDB_ARGS,
#   POSTGRES_HOST_AUTH_METHOD (default scram-sha-256), *_FILE variants, and
#   /docker-entrypoint-initdb.d/*.sh|*.sql run once on first start.
# Started as root it fixes ownership and re-executes itself as postgres (uid 999); started as
# a non-root uid (Kubernetes runAsUser) it needs a writable PGDATA, as the official image does.
set -Eeuo pipefail

log() { printf '%s [entrypoint] %s\n' "$(date -u +%FT%TZ)" "$*"; }

# file_env VAR [default]: VAR or VAR_FILE (docker/kubernetes secrets), not both.
file_env() {
  local var=$1 file_var="${1}_FILE" def=${2:-} val
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
    log "error: both $var and $file_var are set (but are exclusive)" >&2
    exit 1
  fi
  val=$def
  if [ -n "${!var:-}" ]; then
    val=${!var}
  elif [ -n "${!file_var:-}" ]; then
    val=$(<"${!file_var}")
  fi
  export "$var"="$val"
  unset "$file_var"
}

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "$1" != 'postgres' ]; then
  exec "$@"
fi

if [ "$(id -u)" = '0' ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  chown postgres:postgres /var/run/postgresql
  chmod 3777 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != 'trust' ]; then
    log "error: database is uninitialized and POSTGRES_PASSWORD is not specified." >&2
    log "       Set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE), or POSTGRES_HOST_AUTH_METHOD=trust." >&2
    exit 1
  fi

  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA" 2>/dev/null || true
  log "initializing database in $PGDATA"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a word list by contract
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host="$auth" -D "$PGDATA" $POSTGRES_INITDB_ARGS >/dev/null
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  printf 'host all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

  # Temporary server on the unix socket only: create the database and run init scripts.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w -s start
  psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres)
  if [ "$POSTGRES_DB" != 'postgres' ]; then
    exists=$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '${POSTGRES_DB//\'/\'\'}'")
    if [ "$exists" != '1' ]; then
      "${psql[@]}" -q --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh)  log "running $f"; . "$f" ;;
      *.sql) log "running $f"; "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) log "running $f"; gunzip -c "$f" | "${psql[@]}" --dbname "$POSTGRES_DB" ;;
      *) [ -e "$f" ] && log "ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w -s stop
  unset PGPASSWORD
  log "initialization complete; ready for start up"
else
  log "database directory appears to contain a database; skipping initialization"
fi

exec "$@"
