#!/usr/bin/env bash
# Builds todoctl and the bundled app from this checkout and installs a `todoctl` launcher on PATH
# (/usr/local/bin as root, else ~/.local/bin). Needs a JDK >= 21 (found on its own) and Maven (installed
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

if [ "$(id -u)" -eq 0 ]; then bindir=/usr/local/bin; else bindir="$HOME/.local/bin"; fi
mkdir -p "$bindir"
launcher="$bindir/todoctl"
cat > "$launcher" <<LAUNCHER
#!/usr/bin/env bash
# todoctl launcher written by $root/install.sh
export TODOCTL_HOME="\${TODOCTL_HOME:-$root}"
java="\${TODOCTL_JAVA:-$JAVA_HOME/bin/java}"
cds="\${XDG_CACHE_HOME:-\$HOME/.cache}/todoctl/todoctl.jsa"
mkdir -p "\$(dirname "\$cds")" 2>/dev/null || true
# Class-data sharing archive, created on first run: cuts JVM start for short commands like --help.
exec "\$java" -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="\$cds" -XX:TieredStopAtLevel=1 \\
  -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off \\
  -jar "\$TODOCTL_HOME/cli/target/todoctl.jar" "\$@"
LAUNCHER
chmod +x "$launcher"
echo "==> installed $launcher"
case ":$PATH:" in *":$bindir:"*) ;; *) echo "note: add $bindir to PATH";; esac
