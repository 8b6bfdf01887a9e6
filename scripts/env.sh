# Sourced by the scripts and the ./junction launcher: finds a JDK >= 21 and exports JAVA_HOME.
# The machine's default `java` may be older (Debian 12 ships 17); other JDKs live under /usr/lib/jvm.

junction_java_major() { # $1 = a JAVA_HOME; prints its feature version, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

junction_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    if [ -z "$candidate" ] || [ ! -d "$candidate" ]; then continue; fi
    major=$(junction_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

JUNCTION_JDK=$(junction_find_jdk) || {
  echo "junction: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "junction: install one (for example Temurin 21+) and set JAVA_HOME." >&2
  exit 2
}
export JAVA_HOME="$JUNCTION_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
