#!/usr/bin/env bash
# Benchmark of the api on PostgreSQL (issue #2): start-to-ready (plain JVM; with the images' class-data-sharing
# archive; the api image itself; the local target's archive; a JDK AOT cache), GET /api/v1/tasks?limit=20 and
# POST /api/v1/tasks with wrk (50 connections, 15 s each, a user with 20 tasks), peak RSS under load.
# Not a test: run by hand on an otherwise idle machine; numbers go in README.
#   bench/api-bench.sh [seconds]        (needs root for the PostgreSQL cluster; installs wrk/postgresql)
# Prints, besides wrk's figures, each phase's CPU split (api, PostgreSQL, hypervisor steal) and the api's CPU time per
# request: on a shared VM, steal turns into latency, so compare runs by both.
# Environment: WARMUP (seconds of unmeasured GET load before the GET phase, default 15; 2/3 of it as POST load
# before the POST phase; session 3's first figures had 5 s of GET warm-up and none for POST), JAVA_OPTS (api JVM),
# IMAGE (the api image whose start is also measured when a Docker engine has it; default todo-chatbot-api:latest),
# POOL (DATABASE_POOL_SIZE; default: the app's, 10), PG_OPTS (extra postgres options,
# e.g. "-c synchronous_commit=off" to see what the commit fsync costs), LOG_LEVEL.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/apt.sh
find_jdk21
apt_need wrk postgresql curl python3
dur=${1:-15}
jar=sample-app/target/todo-chatbot.jar
[ -f "$jar" ] || mvn -B -q -ntp -DskipTests -pl sample-app -am package

work=$(mktemp -d /tmp/todo-bench.XXXXXX); chmod 755 "$work"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgport=55433; apiport=18099
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
cleanup() {
  [ -n "${api_pid:-}" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null || true
  as_pg "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p $pgport -k $work -c listen_addresses=127.0.0.1 -c max_connections=100 ${PG_OPTS:-}" start >/dev/null

export DATABASE_URL="jdbc:postgresql://127.0.0.1:$pgport/postgres" DATABASE_USER=postgres PORT=$apiport
export JWT_SECRET="bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
# the app's default pool (10) unless POOL is given. Session 4, alternating runs: GET p99 13-17 ms with 8, 25-26 ms with
# 10, 35-86 ms with 16 (the bench's old default): PostgreSQL backends beyond the 2 cores only queue on them
[ -n "${POOL:-}" ] && export DATABASE_POOL_SIZE=$POOL
# waits for GET /health/ready = 200 on $apiport; one poller process, every 10 ms: a curl per poll cost ~0.3 s of the
# 2 cores the JVM starts on (measured)
await_ready() {
  python3 - "$apiport" <<'PY'
import socket, sys, time
req = b"GET /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
deadline = time.time() + 120
while time.time() < deadline:
    try:
        with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
            s.sendall(req)
            if s.recv(64).startswith(b"HTTP/1.1 200"):
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.01)
sys.exit("api not ready after 120 s")
PY
}
# starts the api with extra JVM options; sets api_pid and ready_ms (process start to /health/ready = 200)
start_api() {
  local start; start=$(date +%s%N)
  "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} "$@" -jar "$jar" api >> "$work/api.log" 2>&1 &
  api_pid=$!
  await_ready
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
}
stop_api() { kill "$api_pid"; wait "$api_pid" 2>/dev/null || true; api_pid=""; }
# CPU accounting around a wrk phase: the api's and PostgreSQL's share of both cores, and the hypervisor's steal
# (on a shared VM a stolen CPU shows up as latency no code change can remove; report it with the figures)
ticks() { # api postgres steal total
  local pg=0 f
  for f in $(pgrep -u postgres postgres); do pg=$((pg + $(awk '{print $14+$15}' "/proc/$f/stat" 2>/dev/null || echo 0))); done
  echo "$(awk '{print $14+$15}' "/proc/$api_pid/stat") $pg $(awk '/^cpu /{print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)"
}
cpu_start() { read -r a0 p0 s0 t0 < <(ticks); }
cpu_report() { # phase requests
  local a1 p1 s1 t1; read -r a1 p1 s1 t1 < <(ticks)
  local tot=$((t1 - t0))
  echo "$1 CPU: api $(( (a1 - a0) * 100 / tot ))%, postgres $(( (p1 - p0) * 100 / tot ))%, steal $(( (s1 - s0) * 100 / tot ))% of both cores; api $(( (a1 - a0) * 10000000 / $2 / 1000 )) us per request" | tee -a "$work/cpu.txt"
}
requests() { awk '/requests in/{print $1}' "$1"; }

# start-to-ready, median of 3 starts each: plain JVM (the first also creates the schema), then as the images start
# the api (docker/Dockerfile's ENTRYPOINT: SerialGC and the class-data-sharing archive, trained as the Dockerfile
# does: the `train` role on a throw-away embedded database, C1 only, fixed heap). The last start serves the load.
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
starts=()
for i in 1 2 3; do
  [ -n "${api_pid:-}" ] && stop_api
  start_api; starts+=("$ready_ms")
done
plain_ready_ms=$(median "${starts[@]}"); starts_plain="${starts[*]}"
stop_api
env -u DATABASE_URL -u DATABASE_USER DATA_DIR="$work/training" LOG_LEVEL=warn PORT=0 \
  "$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit="$work/app.jsa" -Xlog:cds=off \
  -Xlog:cds+dynamic=off -jar "$jar" train >> "$work/api.log" 2>&1
shipped=(-XX:+UseSerialGC -XX:SharedArchiveFile="$work/app.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
starts=()
for i in 1 2 3; do
  [ -n "${api_pid:-}" ] && stop_api
  start_api "${shipped[@]}"; starts+=("$ready_ms")
done
image_archive_ready="$(median "${starts[@]}") ms (${starts[*]}; archive $(( $(stat -c %s "$work/app.jsa") / 1048576 )) MB)"

base="http://127.0.0.1:$apiport/api/v1"
token=$(curl -sf -XPOST "$base/auth/signup" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"password123"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
for i in $(seq 1 20); do
  curl -sf -XPOST "$base/tasks" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d "{\"title\":\"task $i\",\"tags\":[\"bench\"],\"priority\":\"high\"}" >/dev/null
done
# warm-up, not measured: on 2 shared cores the JIT is still compiling for many seconds (with 5 s of warm-up,
# `jstat -compiler` counted ~450 compilations and 5-11 s of compiler-thread time inside a 10 s measured phase)
warm=${WARMUP:-15}
wrk -t2 -c50 -d"${warm}s" -H "Authorization: Bearer $token" "$base/tasks?limit=20" >/dev/null

echo "== GET /api/v1/tasks?limit=20  (50 connections, ${dur}s)"
cpu_start
wrk -t2 -c50 -d"${dur}s" --latency -H "Authorization: Bearer $token" "$base/tasks?limit=20" | tee "$work/get.txt"
cpu_report GET "$(requests "$work/get.txt")"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body   = '{"title":"bench task","description":"created by wrk","tags":["bench"],"priority":"low"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
# POST against a second user so the GET user's list stays at 20 tasks
token=$(curl -sf -XPOST "$base/auth/signup" -H 'content-type: application/json' \
  -d '{"email":"bench2@example.com","password":"password123"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
sed -i "s/Bearer .*\"/Bearer $token\"/" "$work/post.lua"
wrk -t2 -c50 -d"$(( warm * 2 / 3 ))s" -s "$work/post.lua" "$base/tasks" >/dev/null
echo "== POST /api/v1/tasks  (50 connections, ${dur}s)"
cpu_start
wrk -t2 -c50 -d"${dur}s" --latency -s "$work/post.lua" "$base/tasks" | tee "$work/post.txt"
cpu_report POST "$(requests "$work/post.txt")"
rss_kb=$(awk '/VmHWM/{print $2}' "/proc/$api_pid/status")

# As `todoctl up --target local` starts it: SerialGC and the archive it keeps per role (-XX:+AutoCreateSharedArchive:
# written when a JVM exits, used by the next start): one run to create it, the median of three after.
local_target=(-XX:+UseSerialGC -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$work/api.jsa" -Xlog:cds=off
  -Xlog:cds+dynamic=off)
stop_api
start_api "${local_target[@]}"
starts=()
for i in 1 2 3; do
  stop_api
  start_api "${local_target[@]}"
  starts+=("$ready_ms")
done
cds_ready="$(median "${starts[@]}") ms (archive $(( $(stat -c %s "$work/api.jsa") / 1048576 )) MB)"

# JDK 25+: start-up with an AOT cache (JEP 483/514) trained by one run of the api (start, a few requests, stop)
aot_ready=""
if [ "$(jdk_major "$JAVA_HOME")" -ge 25 ]; then
  stop_api
  start_api -XX:AOTCacheOutput="$work/api.aot" -Xlog:aot=off -Xlog:cds=off
  curl -sf "$base/tasks?limit=20" -H "Authorization: Bearer $token" >/dev/null
  curl -sf -XPOST "$base/tasks" -H "Authorization: Bearer $token" -H 'content-type: application/json' -d '{"title":"t"}' >/dev/null
  stop_api
  start_api -XX:AOTCache="$work/api.aot" -Xlog:aot=off -Xlog:cds=off
  aot_ready="${ready_ms} ms (AOT cache $(( $(stat -c %s "$work/api.aot") / 1048576 )) MB)"
fi
# The api image itself (IMAGE, default todo-chatbot-api:latest, when a Docker engine answers and has it), on the
# host's network against the same PostgreSQL: from `docker run` to ready, the container's creation included.
image=${IMAGE:-todo-chatbot-api:latest}; image_ready=""
if command -v docker >/dev/null && docker image inspect "$image" >/dev/null 2>&1; then
  [ -n "${api_pid:-}" ] && stop_api
  starts=()
  for i in 1 2 3; do
    start=$(date +%s%N)
    cid=$(docker run -d --network host -e PORT=$apiport -e DATABASE_URL -e DATABASE_USER -e JWT_SECRET "$image")
    await_ready
    starts+=($(( ($(date +%s%N) - start) / 1000000 )))
    docker rm -f "$cid" >/dev/null
  done
  image_ready="$(median "${starts[@]}") ms (${starts[*]}; $image)"
fi
echo
echo "== summary"
echo "start-to-ready (median of 3): plain JVM ${plain_ready_ms} ms (${starts_plain}); as the images start it (SerialGC, their CDS archive) ${image_archive_ready}${image_ready:+; the api image in docker $image_ready}; with the local target's CDS archive ${cds_ready}${aot_ready:+; with a JDK AOT cache: $aot_ready}"
echo "GET  req/s: $(awk '/Requests\/sec/{print $2}' "$work/get.txt")  p99: $(awk '$1=="99%"{print $2}' "$work/get.txt")  non-2xx: $(awk '/Non-2xx/{print $5}' "$work/get.txt" | grep . || echo 0)"
echo "POST req/s: $(awk '/Requests\/sec/{print $2}' "$work/post.txt")  p99: $(awk '$1=="99%"{print $2}' "$work/post.txt")  non-2xx: $(awk '/Non-2xx/{print $5}' "$work/post.txt" | grep . || echo 0)"
echo "peak RSS (VmHWM): $((rss_kb / 1024)) MB"
cat "$work/cpu.txt"
