# shellcheck shell=bash
# Finds a JDK >= 21 and exports JAVA_HOME. Order: $JAVA_HOME, then every /usr/lib/jvm/* (newest first).
# Sourced by install.sh and scripts/test.sh; prints a clear message and returns 1 when there is none.

jdk_major() { # $1 = JDK home; prints the major version from its release file (or nothing)
  local rel="$1/release" v
  [ -r "$rel" ] || return 0
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$rel" | head -1)
  echo "$v"
}

find_jdk21() {
  local cand best="" best_v=0 v
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /usr/local/jdk*; do
    [ -n "$cand" ] && [ -x "$cand/bin/javac" ] || continue
    v=$(jdk_major "$cand")
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$cand"; best_v="$v"; fi
    # An explicit JAVA_HOME that qualifies wins over newer ones found on disk.
    if [ "$cand" = "${JAVA_HOME:-}" ] && [ "$v" -ge 21 ]; then best="$cand"; best_v="$v"; break; fi
  done
  if [ -z "$best" ]; then
    echo "error: no JDK >= 21 found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
    echo "       install one, e.g. 'apt-get install openjdk-21-jdk-headless' (Debian 13) or Temurin 21+," >&2
    echo "       or point JAVA_HOME at it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
