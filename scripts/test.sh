#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine as root: installs what the tests need when it is missing
# (JDK >= 21 is looked for, Maven, PostgreSQL server binaries, Chromium + chromedriver, the docker-registry
# binary, a Docker engine and local base images), starts the Docker engine, then runs every module's tests with Maven.
# Tests that need a service fail (not skip) here, because this script guarantees the service.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/apt.sh

find_jdk21
echo "==> JDK: $JAVA_HOME ($("$JAVA_HOME/bin/java" -version 2>&1 | head -1))"

command -v mvn >/dev/null || apt_need maven
# docker-registry: the binary only (RegistryPushTest starts its own instance on a free port; the
# package's service is not started here — no systemd on these machines, and tests must not share one).
# jq, curl, perl: the runbooks' command blocks use them (RunbookTest runs every block)
apt_need postgresql chromium chromium-driver procps docker-registry jq curl perl

if [ -x scripts/docker-engine.sh ]; then
  scripts/docker-engine.sh
  export TODOCTL_REQUIRE_DOCKER=true
fi
if [ -x scripts/base-images.sh ]; then
  scripts/base-images.sh
fi

# Tests must leave shared directories as they found them: /tmp's mode and owner are compared at the end.
tmp_before=$(stat -c '%a %U:%G' /tmp)
check_tmp() {
  local now
  now=$(stat -c '%a %U:%G' /tmp)
  if [ "$now" != "$tmp_before" ]; then
    echo "error: the tests changed /tmp from $tmp_before to $now" >&2
    return 1
  fi
}

export TODOCTL_REQUIRE_PG=true TODOCTL_REQUIRE_BROWSER=true
export SE_OFFLINE=true
mvn -B -ntp install "$@"
check_tmp

# The kubernetes path on a real cluster: Kubernetes 1.20.2 from ../shared/k8s (built once into its cache, ~14 min
# on 2 cores), started here and stopped (state purged) afterwards. The group drives the installed launcher, which
# install.sh writes into a throw-away directory. TODOCTL_CLUSTER_TESTS=false leaves the group out.
if [ "${TODOCTL_CLUSTER_TESTS:-true}" = true ]; then
  cluster_tmp=$(mktemp -d)
  # the installed launcher's daemon (status/history/doctor) ends before its cache directory is removed
  trap '"$cluster_tmp/bin/todoctl" daemon stop >/dev/null 2>&1 || true; scripts/k8s-cluster.sh stop >/dev/null 2>&1 || true; rm -rf "$cluster_tmp"' EXIT
  scripts/k8s-cluster.sh start
  eval "$(scripts/k8s-cluster.sh env)"
  export XDG_CACHE_HOME=$cluster_tmp/cache
  TODOCTL_BIN_DIR=$cluster_tmp/bin ./install.sh
  export TODOCTL_BIN=$cluster_tmp/bin/todoctl TODOCTL_REQUIRE_CLUSTER=true
  mvn -B -ntp -pl cli surefire:test -Dgroups=cluster -Dtodoctl.excludedGroups=none
  check_tmp
fi
