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
# package's service is not started here — no systemd on these machines, and tests must not share one)
apt_need postgresql chromium chromium-driver procps docker-registry

if [ -x scripts/docker-engine.sh ]; then
  scripts/docker-engine.sh
  export TODOCTL_REQUIRE_DOCKER=true
fi
if [ -x scripts/base-images.sh ]; then
  scripts/base-images.sh
fi

export TODOCTL_REQUIRE_PG=true TODOCTL_REQUIRE_BROWSER=true
export SE_OFFLINE=true
mvn -B -ntp install "$@"
