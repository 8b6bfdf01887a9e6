# Sourced by the scripts and the ./junction launcher: finds a JDK >= 21, exports JAVA_HOME, and sets
# junction_jvm_flags, the flags every Junction JVM runs with. The machine's default `java` may be older (Debian 12
# ships 17); other JDKs live under /usr/lib/jvm.

junction_java_major() { # $1 = a JAVA_HOME; prints its feature version, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then # every JDK build writes it; reading it spares starting a JVM per launch
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | awk -F'= ' '/java.specification.version/ {print $2; exit}'
  fi
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

# Native access for the io_uring/epoll transports and JNR. From JDK 23 on, sun.misc.Unsafe's memory access needs
# opting in, and Netty (4.2, JDK 25+) stops using Unsafe without it: every direct-buffer access then goes through
# ByteBuffer views, about 30% more CPU per DNS query. daemonset/image/junction and AgentProcess apply the same rule.
junction_jvm_flags=(--enable-native-access=ALL-UNNAMED)
if [ "$(junction_java_major "$JAVA_HOME")" -ge 23 ] 2>/dev/null; then
  junction_jvm_flags+=(--sun-misc-unsafe-memory-access=allow)
fi
