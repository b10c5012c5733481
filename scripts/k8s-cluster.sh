#!/usr/bin/env bash
# The real single-node Kubernetes (1.20.2, built from Debian's archive by ../shared/k8s) that the cluster test group
# runs against. Test infrastructure only: users bring minikube, kind or their own cluster.
#
#   scripts/k8s-cluster.sh start   builds the kit when its cache lacks it (~14 min once on 2 cores, then ~1 s),
#                                  starts it (~25 s), and seeds its registry's docker.io mirror with the local
#                                  PostgreSQL image (the chart's postgres:17 pulls from there; real users pull it
#                                  from Docker Hub). Prints the KUBECONFIG to use.
#   scripts/k8s-cluster.sh stop    stops it and deletes its state (etcd, volumes, registry data, logs).
#   scripts/k8s-cluster.sh env     prints the exports the tests need (KUBECONFIG, the kit's bin on PATH).
#
# Environment: K8S_KIT_DIR (default: ../shared/k8s beside the checkout), and the kit's own K8S_KIT_CACHE,
# K8S_KIT_STATE, K8S_KIT_RUN, K8S_KIT_REGISTRY (see its README).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
kit=${K8S_KIT_DIR:-$(cd "$root/.." && pwd)/shared/k8s}
log() { printf 'k8s-cluster: %s\n' "$*" >&2; }

[ -x "$kit/start-cluster.sh" ] || { log "no k8s kit at $kit (set K8S_KIT_DIR)"; exit 1; }
# shellcheck source=/dev/null
. "$kit/kit-env.sh"   # CACHE, STATE, REGISTRY, KCFG, BIN as the kit's scripts see them

postgres_image=${TODOCTL_POSTGRES_IMAGE:-todoctl/postgres:17}

seed_registry() {
  # The chart's default PostgreSQL image is docker.io's postgres:17; the kit mirrors docker.io to its registry.
  local mirror="$REGISTRY/library/postgres:17"
  if curl -fsS "http://$REGISTRY/v2/library/postgres/manifests/17" \
       -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' >/dev/null 2>&1; then
    return 0
  fi
  docker image inspect "$postgres_image" >/dev/null 2>&1 || { log "$postgres_image missing (scripts/base-images.sh)"; exit 1; }
  log "seeding $mirror from $postgres_image"
  docker tag "$postgres_image" "$mirror"
  docker push "$mirror" >/dev/null
  docker rmi "$mirror" >/dev/null
}

case "${1:-}" in
  start)
    t0=$(date +%s)
    "$kit/build.sh" | tail -n 1
    "$kit/start-cluster.sh" | tail -n 3
    seed_registry
    log "ready in $(( $(date +%s) - t0 )) s: export KUBECONFIG=$KCFG"
    ;;
  stop)
    "$kit/stop-cluster.sh" --purge
    ;;
  env)
    printf 'export KUBECONFIG=%s\nexport PATH=%s:$PATH\n' "$KCFG" "$BIN"
    ;;
  *)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
