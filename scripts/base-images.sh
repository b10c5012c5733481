#!/usr/bin/env bash
# Produces local equivalents of the registry base images for machines with no registry:
#
#   todoctl/debian-base:trixie  Debian trixie minbase (mmdebstrap)       ~ debian:trixie-slim
#   todoctl/jre:25              jlink'ed Temurin 25 runtime on that base ~ eclipse-temurin:25-jre
#   todoctl/postgres:17         Debian's postgresql-17 + official-style entrypoint ~ postgres:17
#
# Each image is skipped when the engine already has it, reloaded from the cache when the cache
# has it (docker save | zstd under $TODOCTL_IMAGE_CACHE), and built otherwise. Cache file names
# carry a hash of each recipe (build steps, module list, Dockerfile, JDK release), so a changed
# recipe rebuilds.
#
# Usage: scripts/base-images.sh [--force] [--print-build-args] [--print-helm-sets]
#   --force             rebuild even if present/cached
#   --print-build-args  print the docker build flags that select the local JRE, then exit
#   --print-helm-sets   print the helm --set flags that select the local PostgreSQL, then exit
#
# Environment: TODOCTL_IMAGE_CACHE (default ~/.cache/todoctl/images), JDK_HOME (JDK >= 21 with
# jlink; default: newest /usr/lib/jvm/* whose release file says >= 21), DEBIAN_MIRROR (default: the
# archive in this machine's apt sources), DEBIAN_SECURITY_MIRROR (default: DEBIAN_MIRROR-security).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
base_dir=$root/docker/base

DEBIAN_SUITE=trixie
# The Debian archive comes from this machine's apt configuration (or DEBIAN_MIRROR); the project names none.
. "$here/lib/apt.sh"
if [ -z "${DEBIAN_MIRROR:-}" ]; then
  DEBIAN_MIRROR=$(apt_mirror) || { echo "base-images: no Debian archive in /etc/apt; set DEBIAN_MIRROR" >&2; exit 1; }
fi
DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-$DEBIAN_MIRROR-security}
DEBIAN_IMAGE=todoctl/debian-base:$DEBIAN_SUITE
JRE_IMAGE=todoctl/jre:25
POSTGRES_IMAGE=todoctl/postgres:17
CACHE_DIR=${TODOCTL_IMAGE_CACHE:-$HOME/.cache/todoctl/images}

# Modules the app needs, checked by running api, web and migrate in the image against
# PostgreSQL: Helidon (java.base, java.logging, java.management), JDBC + HikariCP + H2 + the
# PostgreSQL driver (java.sql, java.naming, java.security.jgss), Flyway (java.xml via java.sql),
# langchain4j HTTP (java.net.http), JWT/TLS (jdk.crypto.ec), Micrometer (jdk.management),
# Unsafe users (jdk.unsupported), jar file systems (jdk.zipfs), non-UTF charsets (jdk.charsets).
# Left out on purpose: java.desktop (+16 MB). jdeps lists it, but only for optional code paths
# (java.beans in Jackson/SnakeYAML bean introspection, java.awt.Point in PGpoint, Log4j2Metrics).
JRE_MODULES=${JRE_MODULES:-java.base,java.logging,java.management,jdk.management,java.naming,java.net.http,java.sql,java.xml,java.security.jgss,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.charsets}

log() { printf 'base-images: %s\n' "$*" >&2; }

case "${1:-}" in
  --print-build-args) printf -- '--build-arg JRE_IMAGE=%s\n' "$JRE_IMAGE"; exit 0 ;;
  --print-helm-sets)
    printf -- '--set database.internal.image.repository=%s --set database.internal.image.tag=%s\n' \
      "${POSTGRES_IMAGE%:*}" "${POSTGRES_IMAGE##*:}"
    exit 0 ;;
esac
force=false
[ "${1:-}" = --force ] && force=true

command -v docker >/dev/null || { log "docker CLI missing (run scripts/docker-engine.sh)"; exit 1; }
docker info >/dev/null 2>&1 || { log "no Docker engine answers (run scripts/docker-engine.sh)"; exit 1; }
mkdir -p "$CACHE_DIR"
export DOCKER_BUILDKIT=0   # Debian's engine has only the legacy builder


find_jdk() {
  local candidate version best='' best_version=0
  if [ -n "${JDK_HOME:-}" ]; then echo "$JDK_HOME"; return; fi
  for candidate in /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/jlink" ] && [ -f "$candidate/release" ] || continue
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release")
    if [ "${version:-0}" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
      best=$candidate best_version=$version
    fi
  done
  [ -n "$best" ] || { log "no JDK >= 21 with jlink under /usr/lib/jvm (set JDK_HOME)"; exit 1; }
  echo "$best"
}

cache_file() { echo "$CACHE_DIR/$(echo "$1" | tr '/:' '__')-$2.tar.zst"; }

# ensure IMAGE RECIPE_HASH BUILD_FUNCTION: present with the same recipe → skip, cached → load,
# else build and cache. The recipe hash names the inputs, so a changed recipe rebuilds.
ensure() {
  local image=$1 recipe_hash=$2 build=$3 cache start
  cache=$(cache_file "$image" "$recipe_hash")
  start=$(date +%s)
  if ! $force && docker image inspect "$image" >/dev/null 2>&1 \
      && [ "$(docker image inspect -f '{{index .Config.Labels "dev.todoctl.recipe"}}' "$image")" = "$recipe_hash" ]; then
    log "$image present (recipe $recipe_hash)"
    return
  fi
  if ! $force && [ -s "$cache" ]; then
    log "$image: loading from $cache"
    zstd -dcq "$cache" | docker load -q >/dev/null
    log "$image loaded in $(( $(date +%s) - start ))s"
    return
  fi
  log "$image: building"
  "$build" "$recipe_hash"
  log "$image built in $(( $(date +%s) - start ))s; caching"
  rm -f "$CACHE_DIR/$(echo "$image" | tr '/:' '__')"-*.tar.zst
  docker save "$image" | zstd -q -T0 -3 -o "$cache.tmp" && mv "$cache.tmp" "$cache"
}

build_debian() {
  local recipe_hash=$1
  command -v mmdebstrap >/dev/null || {
    log "installing mmdebstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y mmdebstrap >/dev/null
  }
  # minbase without docs, man pages, translations and gconv modules (Java and PostgreSQL
  # do not use iconv); /usr/share/man/man1 kept because some postinst scripts expect it.
  mmdebstrap --variant=minbase --mode=root --format=tar --quiet \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --dpkgopt='path-exclude=/usr/lib/x86_64-linux-gnu/gconv/*' \
    --dpkgopt='path-include=/usr/lib/x86_64-linux-gnu/gconv/gconv-modules*' \
    --customize-hook='mkdir -p "$1/usr/share/man/man1"' \
    --customize-hook='printf "#!/bin/sh\nexit 101\n" >"$1/usr/sbin/policy-rc.d"; chmod 755 "$1/usr/sbin/policy-rc.d"' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/cache/debconf/*-old "$1"/var/log/*.log "$1"/var/log/apt/*' \
    "$DEBIAN_SUITE" - \
    "deb $DEBIAN_MIRROR $DEBIAN_SUITE main" \
    "deb $DEBIAN_MIRROR $DEBIAN_SUITE-updates main" \
    "deb $DEBIAN_SECURITY_MIRROR $DEBIAN_SUITE-security main" \
  | docker import \
      -c 'CMD ["bash"]' -c 'ENV LANG=C.UTF-8' \
      -c "LABEL dev.todoctl.recipe=$recipe_hash" \
      -c "LABEL org.opencontainers.image.description=\"Debian $DEBIAN_SUITE minbase built by todoctl scripts/base-images.sh\"" \
      - "$DEBIAN_IMAGE" >/dev/null
}

build_jre() {
  local recipe_hash=$1 ctx
  ctx=$(mktemp -d)
  log "jlink from $jdk: $JRE_MODULES"
  # --generate-cds-archive: the JDK's default class-data-sharing archive, as the Temurin image has (without it every
  # start loads ~1,400 more classes from the compressed modules file, and the app images cannot add their own
  # archive on top). Only the compressed-oops variant is kept (-14 MB): the other serves heaps over 32 GB.
  "$jdk/bin/jlink" --add-modules "$JRE_MODULES" \
    --strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive --output "$ctx/jre"
  rm -f "$ctx/jre/lib/server/classes_nocoops.jsa"
  # The JVM library keeps its full symbol table (~5 MB); only crash reports use it.
  if command -v strip >/dev/null; then strip --strip-unneeded "$ctx/jre/lib/server/libjvm.so"; fi
  cp "$base_dir/jre.Dockerfile" "$ctx/Dockerfile"
  docker build -q --force-rm --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" \
    --label dev.todoctl.recipe="$recipe_hash" -t "$JRE_IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
}

build_postgres() {
  local recipe_hash=$1
  docker build -q --force-rm -f "$base_dir/postgres.Dockerfile" --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" \
    --label dev.todoctl.recipe="$recipe_hash" -t "$POSTGRES_IMAGE" "$base_dir" >/dev/null
}

hash_of() { sha256sum | cut -c1-12; }
debian_hash=$( { declare -f build_debian; echo "$DEBIAN_SUITE $DEBIAN_MIRROR $DEBIAN_SECURITY_MIRROR"; } | hash_of)
jdk=$(find_jdk)
jre_hash=$( { echo "$debian_hash $JRE_MODULES"; declare -f build_jre; cat "$base_dir/jre.Dockerfile" "$jdk/release"; } | hash_of)
postgres_hash=$( { echo "$debian_hash"; declare -f build_postgres; cat "$base_dir/postgres.Dockerfile" "$base_dir/docker-entrypoint.sh"; } | hash_of)

ensure "$DEBIAN_IMAGE" "$debian_hash" build_debian
ensure "$JRE_IMAGE" "$jre_hash" build_jre
ensure "$POSTGRES_IMAGE" "$postgres_hash" build_postgres
docker image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep '^todoctl/' | grep -E 'debian-base|jre|postgres' >&2
