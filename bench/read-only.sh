#!/usr/bin/env bash
# The read-only commands an operator types most — status, history, config view, doctor — timed from start to exit,
# with a release deployed on each target given (issue #16's budget: <= 0.5 s). Deploys what it measures (`up`),
# prints min / median / max of N runs per command and target — through the daemon and without it — and purges the
# release afterwards.
#
# Usage: bench/read-only.sh [runs] [target...]   (default: 5 runs; targets local docker, plus kubernetes when
#        KUBECONFIG is set — for the k8s kit: eval "$(scripts/k8s-cluster.sh env)")
# Needs: an installed todoctl (TODOCTL_BIN or on PATH; install.sh trains its AOT cache — measure after it). For
# kubernetes with a registry (the kit: 127.0.0.1:5000): BENCH_PUSH=true. BENCH_RELEASE / BENCH_NAMESPACE name the
# release and namespace (default bench-ro / todoctl-bench), so two people can measure on one engine or cluster.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(local docker)
  if [ -n "${KUBECONFIG:-}" ]; then targets+=(kubernetes); fi
fi
todoctl=${TODOCTL_BIN:-$(command -v todoctl)}
work=$(mktemp -d)
cleanup() {
  for t in "${targets[@]}"; do (cd "$work" && "$todoctl" down --target "$t" --purge >/dev/null 2>&1 || true); done
  "$todoctl" daemon stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
{
  echo "release: ${BENCH_RELEASE:-bench-ro}"
  echo "source-dir: $root"
  echo "state-dir: $work/state"
  echo "build:"
  echo "  command: mvn -o -q -B -Dmaven.test.skip=true -pl sample-app -am package"
  echo "  registry: ${BENCH_REGISTRY:-127.0.0.1:5000}"
  echo "  push: ${BENCH_PUSH:-false}"
  echo "kubernetes:"
  echo "  namespace: ${BENCH_NAMESPACE:-todoctl-bench}"
  echo "local: {api-port: 0, web-port: 0}"
  echo "docker: {api-port: 0, web-port: 0}"
} > "$work/todoctl.yaml"
cd "$work"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# Each command is timed two ways: through the daemon (the launcher's default for these four commands) and in a JVM of
# its own (TODOCTL_DAEMON=off, what every other command does). The first command after `todoctl daemon stop` starts
# the daemon and is shown on its own line, and so is the time until the daemon listens (it warms up first).
timed() {
  local start
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
for t in "${targets[@]}"; do
  "$todoctl" up --target "$t" >/dev/null 2>&1 || { echo "up --target $t failed; skipped" >&2; continue; }
  "$todoctl" daemon stop >/dev/null 2>&1 || true
  printf '%-10s %-22s %5d ms  (starts the daemon)\n' "$t" "status, first" "$(timed "$todoctl" status --target "$t")"
  # the daemon warms up before it listens; commands sent meanwhile run in JVMs of their own
  start=$(date +%s%N)
  until "$todoctl" daemon status 2>/dev/null | grep -q REQUESTS; do
    if [ $(( ($(date +%s%N) - start) / 1000000000 )) -gt 120 ]; then echo "no daemon after 120 s" >&2; break; fi
    sleep 0.2
  done
  printf '%-10s %-22s %5d ms  (after the first command)\n' "$t" "daemon listening" $(( ($(date +%s%N) - start) / 1000000 ))
  for mode in daemon cold; do
    for cmd in "status" "history" "config view" "doctor"; do
      times=()
      for _ in $(seq "$runs"); do
        # shellcheck disable=SC2086
        if [ "$mode" = cold ]; then times+=("$(TODOCTL_DAEMON=off timed "$todoctl" $cmd --target "$t")")
        else times+=("$(timed "$todoctl" $cmd --target "$t")"); fi
      done
      sorted=$(printf '%s\n' "${times[@]}" | sort -n)
      min=$(echo "$sorted" | head -1)
      max=$(echo "$sorted" | tail -1)
      median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
      printf '%-10s %-22s min %5d ms  median %5d ms  max %5d ms  (%d runs)\n' "$t" "$cmd ($mode)" "$min" "$median" "$max" "$runs"
    done
  done
done
"$todoctl" daemon stop >/dev/null 2>&1 || true
