#!/usr/bin/env bash
# Load-test benchmark (issue #6). Not a test: run by hand on an otherwise idle machine; numbers go in README.
#   1. the docker target, scenario `mixed`, 50 users for 5 minutes (10 s ramp, 1 s think time):
#      expected 0 errors and p95 <= 50 ms;
#   2. a step search: 60 s runs, doubling the user count until `errors<0.1%` or `p95<100ms` breaks, then
#      bisecting between the last count that held and the first that broke (to within `step` users);
#      the highest count that held is the answer.
# The load generator (Gatling, in its own JVM) runs on the same machine as the stack: on 2 cores it competes
# with the api for CPU, so the numbers are a floor, not the api's capacity.
#   bench/loadtest.sh [target] [first-users] [step] [max-users]     defaults: docker 50 25 3200
# Environment: MAIN_DURATION (5m), STEP_DURATION (60s), THINK (1s), SKIP_MAIN=1 to go straight to the search.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
find_jdk21
target=${1:-docker}; users=${2:-50}; step=${3:-25}; max=${4:-3200}
main_duration=${MAIN_DURATION:-5m}; step_duration=${STEP_DURATION:-60s}; think=${THINK:-1s}
out=bench/results/loadtest-$(date -u +%Y%m%d-%H%M%S); mkdir -p "$out"

[ -f cli/target/todoctl.jar ] || mvn -B -q -ntp -DskipTests -pl cli -am package
todoctl() { "$JAVA_HOME/bin/java" -jar cli/target/todoctl.jar "$@"; }

echo "==> todoctl up --target $target"
todoctl up --target "$target" > "$out/up.txt"

field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get(sys.argv[2]))' "$1" "$2"; }

if [ -z "${SKIP_MAIN:-}" ]; then
  echo "==> mixed, 50 users, $main_duration"
  set +e
  todoctl loadtest --target "$target" --scenario mixed --users 50 --ramp 10s --duration "$main_duration" \
    --think-time "$think" --slo 'errors<0.1%' --slo 'p95<51ms' --save-baseline bench-mixed-50 \
    --results-dir "$(pwd)/$out/mixed-50" --output json > "$out/mixed-50.json"
  code=$?
  set -e
  echo "    exit $code: requests $(field "$out/mixed-50.json" requests), errors $(field "$out/mixed-50.json" errors)," \
       "rps $(field "$out/mixed-50.json" rps), p95 $(field "$out/mixed-50.json" p95_ms) ms," \
       "p99 $(field "$out/mixed-50.json" p99_ms) ms, report $(field "$out/mixed-50.json" report)"
fi

echo "==> step search: $step_duration per step, errors<0.1% and p95<100ms"
# one step: exit code of the loadtest (0 = both SLOs held); its numbers appended to steps.txt
run_step() {
  local n=$1 code
  set +e
  todoctl loadtest --target "$target" --scenario mixed --users "$n" --ramp 10s --duration "$step_duration" \
    --think-time "$think" --slo 'errors<0.1%' --slo 'p95<100ms' \
    --results-dir "$(pwd)/$out/step-$n" --output json > "$out/step-$n.json"
  code=$?
  set -e
  printf '%8s %10s %8s %8s %8s %6s\n' "$n" "$(field "$out/step-$n.json" requests)" "$(field "$out/step-$n.json" rps)" \
    "$(field "$out/step-$n.json" p95_ms)" "$(field "$out/step-$n.json" errors)" "$code" | tee -a "$out/steps.txt" >&2
  return "$code"
}
best=0; broke=0
n=$users
printf '%8s %10s %8s %8s %8s %6s\n' users requests rps p95_ms errors exit | tee "$out/steps.txt"
while [ "$n" -le "$max" ]; do
  if run_step "$n"; then best=$n; n=$((n * 2)); else broke=$n; break; fi
done
# bisect between the last count that held and the first that broke
while [ "$broke" -gt 0 ] && [ $((broke - best)) -gt "$step" ]; do
  n=$(( (best + broke) / 2 ))
  if run_step "$n"; then best=$n; else broke=$n; fi
done
[ "$broke" -gt 0 ] || echo "    (never broke up to $max users)"
echo "==> highest user count holding errors<0.1% and p95<100ms: $best (results in $out)"
