#!/usr/bin/env bash
# A throwaway PgBouncer in transaction mode in front of a PostgreSQL server, as hosted PostgreSQL
# puts one in front of the database: for CI and for trying the server behind a transaction pooler.
#
#   scripts/pgbouncer.sh start DIR [PORT [UPSTREAM_HOST [UPSTREAM_PORT]]]   prints the pooler's URL base
#   scripts/pgbouncer.sh stop DIR
#
# Every database of the upstream is reachable through it under its own name, as user `postgres`
# (trust, as the local PostgreSQL is). Debian 12's PgBouncer is 1.18: it cannot carry named
# prepared statements, so the server must run with DATABASE_STATEMENTS=unnamed (or auto) behind it.
set -euo pipefail

command="${1:?usage: $0 start|stop DIR [PORT [UPSTREAM_HOST [UPSTREAM_PORT]]]}"
dir="${2:?usage: $0 start|stop DIR}"
port="${3:-6432}"
upstream_host="${4:-127.0.0.1}"
upstream_port="${5:-5432}"

# PgBouncer refuses to run as root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
  command -v pgbouncer >/dev/null || { echo "pgbouncer is not installed (apt-get install -y pgbouncer)" >&2; exit 1; }
  mkdir -p "$dir"
  cat >"$dir/pgbouncer.ini" <<EOF
[databases]
* = host=$upstream_host port=$upstream_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
pidfile = $dir/pgbouncer.pid
logfile = $dir/pgbouncer.log
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
; The test suite runs several files at once, each with servers, pools and listeners of its own.
max_client_conn = 2000
; Per database and user: each test file has its own database. As many as a server's pool
; (DB_POOL_SIZE, 10), so one server never queues here; PostgreSQL's 100 connections are shared
; with everything else on the machine.
default_pool_size = 10
; node-postgres sends none of these today; JDBC and psql do, and refusing them fails the connection.
ignore_startup_parameters = extra_float_digits,options
; Quick reuse of server connections the tests leave idle, so dropped test databases are let go.
server_idle_timeout = 10
server_lifetime = 600
log_connections = 0
log_disconnections = 0
EOF
  echo '"postgres" ""' >"$dir/userlist.txt"
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$dir"; fi
  as_owner pgbouncer -d "$dir/pgbouncer.ini"
  for _ in $(seq 1 50); do
    if pg_isready -h 127.0.0.1 -p "$port" -q 2>/dev/null; then
      echo "postgres://postgres@127.0.0.1:$port/postgres"
      exit 0
    fi
    sleep 0.1
  done
  echo "pgbouncer did not start on port $port; its log:" >&2
  cat "$dir/pgbouncer.log" >&2 || true
  exit 1
  ;;
stop)
  if [ -f "$dir/pgbouncer.pid" ]; then
    pid=$(cat "$dir/pgbouncer.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  ;;
*)
  echo "usage: $0 start|stop DIR [PORT [UPSTREAM_HOST [UPSTREAM_PORT]]]" >&2
  exit 2
  ;;
esac
