#!/usr/bin/env bash
# Builds todoctl and the bundled app from this checkout and installs a `todoctl` launcher on PATH
# (/usr/local/bin as root, else ~/.local/bin; TODOCTL_BIN_DIR overrides). Needs a JDK >= 21 (found on its own) and Maven (installed
# from Debian when missing and running as root). Safe to run again: it rebuilds and replaces the launcher.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
. scripts/lib/jdk.sh
. scripts/lib/apt.sh

find_jdk21
command -v mvn >/dev/null || apt_need maven

echo "==> building todoctl and the sample app (JDK: $JAVA_HOME)"
mvn -B -q -ntp -DskipTests install

if [ -n "${TODOCTL_BIN_DIR:-}" ]; then bindir=$TODOCTL_BIN_DIR      # e.g. a throw-away directory in tests
elif [ "$(id -u)" -eq 0 ]; then bindir=/usr/local/bin; else bindir="$HOME/.local/bin"; fi
mkdir -p "$bindir"
launcher="$bindir/todoctl"
jar="$root/cli/target/todoctl.jar"
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/todoctl"
# A CLI runs for a moment: C1 only and the serial collector start fastest (measured in README).
jvm_flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
cat > "$launcher" <<LAUNCHER
#!/usr/bin/env bash
# todoctl launcher written by $root/install.sh
export TODOCTL_HOME="\${TODOCTL_HOME:-$root}"
java_built="$JAVA_HOME/bin/java"
java="\${TODOCTL_JAVA:-\$java_built}"
jar="\$TODOCTL_HOME/cli/target/todoctl.jar"
cache="\${XDG_CACHE_HOME:-\$HOME/.cache}/todoctl"
# status, history, config view and doctor: answered by the daemon (DaemonClient starts it on first use) when it can;
# exit 75 means it could not, before printing anything, and the command runs here as every other one does.
case "\${TODOCTL_DAEMON:-on}" in off|false|0|no) ;; *)
  for word in "\$@"; do
    case "\$word" in -*) continue;; status|history|config|doctor)
      "\$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -Xlog:cds=off \\
        -cp "\$jar" dev.todoctl.cli.daemon.DaemonClient "\$@"
      rc=\$?; [ \$rc -ne 75 ] && exit \$rc;;
    esac
    break
  done;;
esac
# JDK 25+: the AOT cache install.sh trained (classes loaded and linked ahead of time), while it is newer than
# the jar. Otherwise a class-data sharing archive the JVM creates on first run.
if [ "\$java" = "\$java_built" ] && [ -f "\$cache/todoctl.aot" ] && [ "\$cache/todoctl.aot" -nt "\$jar" ]; then
  exec "\$java" $jvm_flags -XX:AOTCache="\$cache/todoctl.aot" -Xlog:aot=off -Xlog:cds=off -jar "\$jar" "\$@"
fi
mkdir -p "\$cache" 2>/dev/null || true
exec "\$java" $jvm_flags -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="\$cache/todoctl.jsa" \\
  -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off -jar "\$jar" "\$@"
LAUNCHER
chmod +x "$launcher"
if [ "$(jdk_major "$JAVA_HOME")" -ge 25 ]; then
  # One training run (JEP 514) of the read-only commands an operator types most, in one JVM (AotTraining: nothing
  # is changed, see its Javadoc); the launcher uses the cache from then on. Trained on --help alone, the cache
  # missed two thirds of the classes `status` loads.
  mkdir -p "$cache_dir"
  rm -f "$cache_dir/todoctl.aot"
  if "$JAVA_HOME/bin/java" $jvm_flags -XX:AOTCacheOutput="$cache_dir/todoctl.aot" -Xlog:aot=off -Xlog:cds=off \
      -cp "$jar" dev.todoctl.cli.AotTraining >/dev/null 2>&1; then
    echo "==> AOT cache for faster start-up: $cache_dir/todoctl.aot"
  else
    echo "note: could not create the AOT cache; todoctl starts a little slower" >&2
  fi
fi
echo "==> installed $launcher"
case ":$PATH:" in *":$bindir:"*) ;; *) echo "note: add $bindir to PATH";; esac
