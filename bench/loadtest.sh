#!/usr/bin/env bash
# Load-test benchmark (issues #6 and #18). Not a test: run by hand; numbers go in bench/README.md.
#   1. the target (docker by default), scenario `mixed`, 1,000 users for 5 minutes (10 s ramp, 1 s think time):
#      expected 0 errors and p95 <= 50 ms;
#   2. a step search: STEP_DURATION runs, doubling the user count from where the main run held (or from
#      first-step-users) until `errors<0.1%` or `p95<=50ms` breaks, then bisecting between the last count that held and
#      the first that broke (to within `step` users); the highest count that held is the answer.
# The users are prepared before the ramp and reused across all runs (--reuse-users): only the first run signs them up
# (PBKDF2, ~0.3 s of api CPU each); later runs check their cached tokens. The set-up phase is reported apart from the
# measured figures. Every run is sampled by bench/cpu_share.py: the CPU of the api and PostgreSQL containers, the
# Gatling JVM, todoctl and everything else on the machine (other users), per phase (set-up / load).
# The load generator runs on the same machine as the stack: on 2 cores it competes with the api for CPU.
#   bench/loadtest.sh [target] [main-users] [first-step-users] [step] [max-users]     defaults: docker 1000 250 50 2000
# Environment: MAIN_DURATION (5m), STEP_DURATION (90s), THINK (1s), P95 (51ms, i.e. p95 <= 50 ms), SKIP_MAIN=1,
#   SKIP_SEARCH=1, SETUP_CONCURRENCY (8), BASE_URL (load this URL of the target's api instead of its published port,
#   e.g. the container's own address, which skips docker-proxy; the target is still sampled), RELEASE (the release's
#   name, for its containers; default todo-chatbot or `release:` of $TODOCTL_CONFIG), TODOCTL_CONFIG (config file,
#   e.g. distinct ports and release name).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
find_jdk21
target=${1:-docker}; main_users=${2:-1000}; first=${3:-250}; step=${4:-50}; max=${5:-2000}
main_duration=${MAIN_DURATION:-5m}; step_duration=${STEP_DURATION:-90s}; think=${THINK:-1s}; p95=${P95:-51ms}
concurrency=${SETUP_CONCURRENCY:-8}
if [ -z "${RELEASE:-}" ] && [ -n "${TODOCTL_CONFIG:-}" ]; then
  RELEASE=$(sed -n 's/^release:[[:space:]]*\([a-z0-9-]*\).*/\1/p' "$TODOCTL_CONFIG" | head -1)
fi
release=${RELEASE:-todo-chatbot}
out=$(pwd)/bench/results/loadtest-$(date -u +%Y%m%d-%H%M%S); mkdir -p "$out"

[ -f cli/target/todoctl.jar ] || mvn -B -q -ntp -DskipTests -pl cli -am package
todoctl() { "$JAVA_HOME/bin/java" -jar cli/target/todoctl.jar "$@"; }

echo "==> todoctl up --target $target (results in $out)"
todoctl up --target "$target" > "$out/up.txt"

field() { python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    d = d.get(k) if isinstance(d, dict) else None
print(d)' "$1" "$2" 2>/dev/null || echo "-"; }

# one run: loadtest NAME USERS DURATION → exit code of the loadtest (0 = every SLO held); CPU shares in NAME.cpu.txt
loadtest() {
  local name=$1 n=$2 duration=$3 code pid
  { date -u; uptime; top -b -n1 | head -15; } > "$out/$name.machine.txt"
  set +e
  todoctl loadtest --target "$target" --scenario mixed --users "$n" --ramp 10s --duration "$duration" \
    --think-time "$think" --slo 'errors<0.1%' --slo "p95<$p95" --reuse-users --setup-concurrency "$concurrency" \
    ${BASE_URL:+--base-url "$BASE_URL"} --results-dir "$out/$name" --output json > "$out/$name.json" 2> "$out/$name.err" &
  pid=$!
  if [ "$target" = docker ]; then
    python3 bench/cpu_share.py --while-pid "$pid" --results-dir "$out/$name" --container "api=$release-api" \
      --container "postgres=$release-postgres" --comm docker-proxy --comm dockerd > "$out/$name.cpu.txt" 2>&1
  fi
  wait "$pid"; code=$?
  set -e
  uptime >> "$out/$name.machine.txt"
  return "$code"
}

summary() {  # one line of figures of run NAME
  local j="$out/$1.json"
  echo "requests $(field "$j" requests), errors $(field "$j" errors), rps $(field "$j" rps), p50 $(field "$j" p50_ms) ms," \
       "p95 $(field "$j" p95_ms) ms, p99 $(field "$j" p99_ms) ms, max $(field "$j" max_ms) ms;" \
       "set-up $(field "$j" setup_phase.duration_seconds) s ($(field "$j" setup_phase.signed_up) signed up," \
       "$(field "$j" setup_phase.logged_in) logged in, $(field "$j" setup_phase.reused_tokens) reused, $(field "$j" setup_phase.failed) failed)"
}

best=0; broke=0
if [ -z "${SKIP_MAIN:-}" ]; then
  echo "==> mixed, $main_users users, $main_duration, SLOs errors<0.1% and p95<$p95"
  if loadtest "main-$main_users" "$main_users" "$main_duration"; then code=0; best=$main_users; else code=$?; fi
  echo "    exit $code: $(summary "main-$main_users"), report $(field "$out/main-$main_users.json" report)"
  [ -f "$out/main-$main_users.cpu.txt" ] && sed 's/^/    /' "$out/main-$main_users.cpu.txt"
  [ "$code" -eq 0 ] || broke=$main_users
fi

[ -n "${SKIP_SEARCH:-}" ] && exit 0
echo "==> step search: $step_duration per step, errors<0.1% and p95<$p95"
run_step() {  # exit 0 when both SLOs held; its numbers appended to steps.txt
  local n=$1 code
  if loadtest "step-$n" "$n" "$step_duration"; then code=0; else code=$?; fi
  printf '%8s %10s %8s %8s %8s %6s %10s   %s\n' "$n" "$(field "$out/step-$n.json" requests)" "$(field "$out/step-$n.json" rps)" \
    "$(field "$out/step-$n.json" p95_ms)" "$(field "$out/step-$n.json" errors)" "$code" \
    "$(field "$out/step-$n.json" setup_phase.duration_seconds)" \
    "$(sed -n 's/^load *[0-9]* *//p' "$out/step-$n.cpu.txt" 2>/dev/null)" | tee -a "$out/steps.txt" >&2
  return "$code"
}
printf '%8s %10s %8s %8s %8s %6s %10s   %s\n' users requests rps p95_ms errors exit setup_s \
  "cpu: api postgres docker-proxy dockerd gatling todoctl other (% of one core, share of busy)" | tee "$out/steps.txt"
if [ "$broke" -eq 0 ]; then
  n=$(( best > 0 ? best * 2 : first ))
  while [ "$n" -le "$max" ]; do
    if run_step "$n"; then best=$n; n=$((n * 2)); else broke=$n; break; fi
  done
fi
# bisect between the last count that held and the first that broke
while [ "$broke" -gt 0 ] && [ $((broke - best)) -gt "$step" ]; do
  n=$(( (best + broke) / 2 ))
  if run_step "$n"; then best=$n; else broke=$n; fi
done
[ "$broke" -gt 0 ] || echo "    (never broke up to $max users)"
echo "==> highest user count holding errors<0.1% and p95<$p95: $best (results in $out)"
