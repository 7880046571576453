#!/usr/bin/env bash
# Runs a command with a throw-away Redis Cluster on loopback: three primaries with one replica
# each, for the tests of an index spread over a cluster. Exports its URL as
# DEDUPE_TEST_REDIS_CLUSTER_URL (redis+cluster://127.0.0.1:P1,...), stops every node afterwards
# and exits with the command's status. Ports: DEDUPE_REDIS_CLUSTER_PORT (the first of six, 17100
# by default); each node also uses its port + 10000 for the cluster bus.
#   bash .ci/with-redis-cluster.sh npm test
set -u

if [ "$#" -eq 0 ]; then
  echo "usage: bash .ci/with-redis-cluster.sh COMMAND [ARGS...]" >&2
  exit 2
fi

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  echo "with-redis-cluster: installing redis-server" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y redis-server redis-tools >&2 || {
    echo "with-redis-cluster: could not install redis-server" >&2
    exit 3
  }
fi

FIRST="${DEDUPE_REDIS_CLUSTER_PORT:-17100}"
PORTS=()
for i in 0 1 2 3 4 5; do PORTS+=($((FIRST + i))); done
for port in "${PORTS[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "with-redis-cluster: port $port is taken; set DEDUPE_REDIS_CLUSTER_PORT to the first of six free ports" >&2
    exit 3
  fi
done

WORKDIR="$(mktemp -d)"
stop_cluster() {
  for port in "${PORTS[@]}"; do
    pidfile="$WORKDIR/$port/redis.pid"
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  for port in "${PORTS[@]}"; do
    pidfile="$WORKDIR/$port/redis.pid"
    for _ in $(seq 1 50); do
      [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null || break
      sleep 0.1
    done
  done
  rm -rf "$WORKDIR"
}
trap stop_cluster EXIT

# A short node timeout, so that a replica takes over a stopped primary within seconds.
for port in "${PORTS[@]}"; do
  mkdir -p "$WORKDIR/$port"
  redis-server --bind 127.0.0.1 --port "$port" --cluster-enabled yes --cluster-config-file "$WORKDIR/$port/nodes.conf" \
    --cluster-node-timeout 2000 --save '' --appendonly no --dir "$WORKDIR/$port" \
    --daemonize yes --pidfile "$WORKDIR/$port/redis.pid" --logfile "$WORKDIR/$port/redis.log" >/dev/null
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
done

NODES=()
for port in "${PORTS[@]}"; do NODES+=("127.0.0.1:$port"); done
if ! redis-cli --cluster create "${NODES[@]}" --cluster-replicas 1 --cluster-yes >"$WORKDIR/create.log" 2>&1; then
  echo "with-redis-cluster: could not create the cluster" >&2
  cat "$WORKDIR/create.log" >&2
  exit 3
fi
# The cluster serves once every node agrees that all slots are covered.
for _ in $(seq 1 100); do
  ok=1
  for port in "${PORTS[@]}"; do
    redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q 'cluster_state:ok' || ok=0
  done
  [ "$ok" = 1 ] && break
  sleep 0.2
done
if [ "$ok" != 1 ]; then
  echo "with-redis-cluster: the cluster did not reach state ok" >&2
  exit 3
fi

export DEDUPE_TEST_REDIS_CLUSTER_URL="redis+cluster://${NODES[0]},${NODES[1]},${NODES[2]}/"
echo "with-redis-cluster: Redis Cluster at $DEDUPE_TEST_REDIS_CLUSTER_URL (3 primaries, 1 replica each)" >&2
"$@"
status=$?
exit $status
