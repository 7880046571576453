#!/usr/bin/env bash
# Runs a command with a throw-away Redis server on a loopback port, for the tests that need a real
# Redis. Installs Debian's redis-server when it is missing, exports its URL as
# DEDUPE_TEST_REDIS_URL, stops the server afterwards and exits with the command's status.
#   bash .ci/with-redis.sh npm test
set -u

if [ "$#" -eq 0 ]; then
  echo "usage: bash .ci/with-redis.sh COMMAND [ARGS...]" >&2
  exit 2
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "with-redis: installing redis-server" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y redis-server >&2 || {
    echo "with-redis: could not install redis-server" >&2
    exit 3
  }
fi

PORT="${DEDUPE_REDIS_PORT:-}"
if [ -z "$PORT" ]; then
  # A free non-default port: try a few in a high range.
  for candidate in 16379 16479 16579 16679 16779; do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT=$candidate; break; fi
  done
fi
if [ -z "$PORT" ]; then
  echo "with-redis: no free port found" >&2
  exit 3
fi

WORKDIR="$(mktemp -d)"
redis-server --bind 127.0.0.1 --port "$PORT" --save '' --appendonly no --dir "$WORKDIR" \
  --daemonize yes --pidfile "$WORKDIR/redis.pid" --logfile "$WORKDIR/redis.log" >/dev/null

stop_redis() {
  if [ -f "$WORKDIR/redis.pid" ]; then
    kill "$(cat "$WORKDIR/redis.pid")" 2>/dev/null
    for _ in $(seq 1 50); do
      [ -f "$WORKDIR/redis.pid" ] && kill -0 "$(cat "$WORKDIR/redis.pid")" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf "$WORKDIR"
}
trap stop_redis EXIT

for _ in $(seq 1 50); do
  if redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; then break; fi
  sleep 0.1
done
if ! redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; then
  echo "with-redis: redis-server did not start on port $PORT" >&2
  cat "$WORKDIR/redis.log" >&2 2>/dev/null
  exit 3
fi

export DEDUPE_TEST_REDIS_URL="redis://127.0.0.1:$PORT/0"
echo "with-redis: Redis at $DEDUPE_TEST_REDIS_URL" >&2
"$@"
status=$?
exit $status
