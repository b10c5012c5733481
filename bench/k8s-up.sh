#!/usr/bin/env bash
# `todoctl up --target kubernetes` against a real cluster, timed: cold (release absent, images already in the engine's
# build cache unless --no-cache), no change (N runs), and a one-line api change (a comment in a Java source: Maven
# compiles, the images are rebuilt and pushed, the api rolls out) — from the command's start to its exit, which is
# after the rollout and the smoke check. Prints one line per run; restores the source file and purges the release.
#
# Usage: bench/k8s-up.sh [runs]   (default 3 no-change runs)
# Needs: an installed todoctl (TODOCTL_BIN or on PATH), KUBECONFIG, and for the k8s kit its registry:
#   scripts/k8s-cluster.sh start && eval "$(scripts/k8s-cluster.sh env)" && bench/k8s-up.sh
# Environment: BENCH_CONTEXT (default: the kubeconfig's current context), BENCH_REGISTRY (default 127.0.0.1:5000),
# BENCH_NAMESPACE (default todoctl-bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
todoctl=${TODOCTL_BIN:-$(command -v todoctl)}
registry=${BENCH_REGISTRY:-127.0.0.1:5000}
namespace=${BENCH_NAMESPACE:-todoctl-bench}
context=${BENCH_CONTEXT:-$(kubectl config current-context 2>/dev/null || true)}
[ -n "$context" ] || { echo "no kube context (set KUBECONFIG or BENCH_CONTEXT)" >&2; exit 2; }
work=$(mktemp -d)
source_file=$root/sample-app/src/main/java/dev/todoctl/app/Main.java
backup=$work/Main.java.orig
cp "$source_file" "$backup"
cleanup() {
  cp "$backup" "$source_file"
  (cd "$work" && "$todoctl" down --target kubernetes --purge >/dev/null 2>&1 || true)
  rm -rf "$work"
}
trap cleanup EXIT
cat > "$work/todoctl.yaml" <<EOF
release: bench
source-dir: $root
build:
  command: mvn -o -q -B -Dmaven.test.skip=true -pl sample-app -am package
  registry: $registry
  push: true
kubernetes:
  context: $context
  namespace: $namespace
timeouts:
  ready: 300s
EOF
export TODOCTL_STATE_DIR=$work/state NO_COLOR=1

timed() { # label, then the todoctl arguments
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  (cd "$work" && "$todoctl" "$@" >"$work/last.out" 2>&1) || { echo "$label: FAILED"; tail -20 "$work/last.out"; exit 1; }
  end=$(date +%s.%N)
  printf '%-22s %6.1f s   %s\n' "$label" "$(echo "$end - $start" | bc)" "$(grep -E 'is up on|nothing changed' "$work/last.out" | head -1)"
}

timed "cold up" up --target kubernetes
for i in $(seq 1 "$runs"); do timed "no-change up #$i" up --target kubernetes; done
for i in 1 2; do
  printf '\n// bench edit %s %s\n' "$i" "$(date +%s%N)" >> "$source_file"
  timed "one-line api change #$i" up --target kubernetes
done
