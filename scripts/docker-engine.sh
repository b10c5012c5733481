#!/usr/bin/env bash
# Makes a Docker engine answer on /var/run/docker.sock. Idempotent and safe to run concurrently:
#  - installs Debian's docker.io when no dockerd binary exists (the docker CLI in /usr/local/bin
#    is only a client),
#  - starts dockerd in the background (logs in $DOCKERD_LOG) unless the socket already answers,
#  - waits until `docker info` works.
# Never starts a second engine and never passes --bridge=none (that deletes the host's docker0).
set -euo pipefail

SOCK=/var/run/docker.sock
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/todoctl-dockerd.log}
WAIT_SECONDS=${DOCKER_ENGINE_WAIT_SECONDS:-60}
LOCK=/run/lock/todoctl-docker-engine.lock

log() { printf 'docker-engine: %s\n' "$*" >&2; }

answers() { docker -H "unix://$SOCK" info >/dev/null 2>&1; }

if answers; then
  log "engine already answers on $SOCK"
  exit 0
fi

mkdir -p "$(dirname "$LOCK")"
exec 9>"$LOCK"
flock 9   # another caller may be starting the engine right now: wait for it, then re-check

if ! answers; then
  if ! command -v dockerd >/dev/null 2>&1; then
    log "dockerd missing: installing docker.io"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y docker.io >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y docker.io >/dev/null; }
  fi
  if pgrep -x dockerd >/dev/null 2>&1; then
    log "a dockerd process exists but does not answer yet: waiting for it"
  else
    log "starting dockerd (log: $DOCKERD_LOG)"
    setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
  fi
  for ((i = 0; i < WAIT_SECONDS * 5; i++)); do
    answers && break
    sleep 0.2
  done
fi

if answers; then
  log "engine ready: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null)"
else
  log "engine did not answer within ${WAIT_SECONDS}s; last log lines:"
  tail -n 20 "$DOCKERD_LOG" >&2 || true
  exit 1
fi
