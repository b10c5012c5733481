#!/usr/bin/env bash
# Re-freezes the reviewed API contract, validation/src/main/resources/contracts/todo-api.yaml, from the real api:
# builds the app and todoctl, starts the api alone on a free port of 127.0.0.1 with an embedded H2 database in a
# temporary directory, runs `todoctl contract freeze` against it and stops the api again. Review the diff, then
# commit it (validate's contract check compares deployments with this file).
#   scripts/freeze-contract.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/lib/jdk.sh
. scripts/lib/apt.sh

find_jdk21
command -v mvn >/dev/null || apt_need maven
command -v curl >/dev/null || apt_need curl

echo "==> building the app and todoctl (JDK: $JAVA_HOME)"
mvn -B -q -ntp -DskipTests -pl cli -am package

work=$(mktemp -d)
api_pid=
cleanup() {
  if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=
for candidate in $(shuf -i 20000-60000 -n 20); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "error: no free port found on 127.0.0.1" >&2; exit 1; }

echo "==> starting the api on 127.0.0.1:$port (H2 in $work)"
HOST=127.0.0.1 PORT=$port DATA_DIR="$work/data" JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0) \
  "$JAVA_HOME/bin/java" -jar sample-app/target/todo-chatbot.jar api >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$api_pid" 2>/dev/null || { echo "error: the api exited; its log:" >&2; cat "$work/api.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "error: api not ready in 60 s" >&2; exit 1; }

"$JAVA_HOME/bin/java" -jar cli/target/todoctl.jar contract freeze --base-url "http://127.0.0.1:$port" \
  -f "$root/validation/src/main/resources/contracts/todo-api.yaml"
git --no-pager diff --stat -- validation/src/main/resources/contracts/todo-api.yaml
