#!/usr/bin/env bash
# Private PostgreSQL and Redis servers for the cluster tests (npm run test:cluster), on loopback, on free ports, in a
# temporary folder; nothing of the machine's own instances is used or changed.
#
#   eval "$(scripts/test-services.sh start)"   # installs Debian's postgresql and redis-server if missing (as root),
#                                              # starts both, exports TEST_DATABASE_URL, TEST_REDIS_URL and
#                                              # AMENDO_SERVICES_DIR (also written to $AMENDO_SERVICES_DIR/env)
#   scripts/test-services.sh stop [DIR]        # stops them and removes the folder (DIR defaults to
#                                              # $AMENDO_SERVICES_DIR)
#
# Only the export lines go to stdout; progress and errors go to stderr.
set -euo pipefail

say() { echo "test-services: $*" >&2; }

# As root, run PostgreSQL's tools as the postgres user (initdb refuses root); otherwise as oneself.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

install_missing() {
  local missing=()
  [ -n "$(pg_bin)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ ${#missing[@]} = 0 ] && return
  if [ "$(id -u)" != 0 ]; then
    say "missing ${missing[*]}: run 'sudo apt-get install ${missing[*]}', or this script as root"
    exit 1
  fi
  say "installing ${missing[*]} (apt-get)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

start() {
  install_missing
  local bin pg_port redis_port # dir stays global: the EXIT trap needs it
  bin=$(pg_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/amendo-services.XXXXXX")
  trap '[ $? = 0 ] || stop "$dir"' EXIT # a half-started set is taken down again
  chmod 755 "$dir"
  mkdir -p "$dir/pg" "$dir/run"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir/pg" "$dir/run"
  pg_port=$(free_port)
  redis_port=$(free_port)

  say "PostgreSQL ($bin) on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port, in $dir"
  as_pg "$bin/initdb" -D "$dir/pg" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # A disposable test instance: durability settings off for speed; loopback only, socket in the private folder.
  as_pg "$bin/pg_ctl" -D "$dir/pg" -l "$dir/run/postgres.log" -w -t 60 \
    -o "-p $pg_port -k $dir/run -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2 || { cat "$dir/run/postgres.log" >&2; exit 1; }
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres amendo_test >&2

  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >&2
  for _ in $(seq 100); do
    [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && break
    sleep 0.1
  done
  [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] || { cat "$dir/redis.log" >&2; exit 1; }

  cat >"$dir/env" <<EOF
export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$pg_port/amendo_test
export TEST_REDIS_URL=redis://127.0.0.1:$redis_port
export AMENDO_SERVICES_DIR=$dir
EOF
  cat "$dir/env"
}

stop() {
  local dir=${1:-${AMENDO_SERVICES_DIR:-}}
  [ -n "$dir" ] && [ -d "$dir" ] || { say "nothing to stop (no folder given, none in AMENDO_SERVICES_DIR)"; return 0; }
  [ -f "$dir/pg/postmaster.pid" ] && as_pg "$(pg_bin)/pg_ctl" -D "$dir/pg" -m immediate -w stop >&2 || true
  [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  rm -rf "$dir"
  say "stopped, $dir removed"
}

case "${1:-start}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) say "usage: $0 start | stop [DIR]"; exit 2 ;;
esac
