# shellcheck shell=bash
# Finds a JDK 21 or newer. Sourced by ./airlock and .ci/run.
#
# airlock_find_jdk sets AIRLOCK_JAVA_HOME to the JDK's home and returns 0, or prints what it
# tried to stderr and returns 1. It looks at, in order: JAVA_HOME, `java` on PATH, then the usual
# install locations.

AIRLOCK_MIN_JAVA=21

# Prints the major version of the java binary $1 (8 for 1.8.x), or nothing.
airlock_java_major() {
  local version
  version=$("$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
  if [[ -z "$version" ]]; then
    version=$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  printf '%s\n' "${version%%[.-+]*}"
}

# Succeeds when $1 is a JDK home (has bin/java and bin/javac) of version 21 or newer.
airlock_is_jdk21() {
  local home=$1 major
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 1
  major=$(airlock_java_major "$home/bin/java")
  [[ "$major" =~ ^[0-9]+$ ]] && ((major >= AIRLOCK_MIN_JAVA))
}

airlock_find_jdk() {
  local tried=() candidate java_on_path
  if [[ -n "${JAVA_HOME:-}" ]]; then
    tried+=("JAVA_HOME=$JAVA_HOME")
    if airlock_is_jdk21 "$JAVA_HOME"; then
      AIRLOCK_JAVA_HOME=$JAVA_HOME
      return 0
    fi
  fi

  if java_on_path=$(command -v java 2>/dev/null); then
    candidate=$(cd "$(dirname "$(readlink -f "$java_on_path")")/.." && pwd)
    tried+=("java on PATH ($candidate)")
    if airlock_is_jdk21 "$candidate"; then
      AIRLOCK_JAVA_HOME=$candidate
      return 0
    fi
  fi

  local patterns=(
    /usr/lib/jvm/*
    /opt/java/*
    /opt/*jdk*
    "$HOME"/.sdkman/candidates/java/*
    /Library/Java/JavaVirtualMachines/*/Contents/Home
  )
  local best="" best_major=0 major
  for candidate in "${patterns[@]}"; do
    [[ -d "$candidate" && ! -L "$candidate" ]] || continue
    tried+=("$candidate")
    airlock_is_jdk21 "$candidate" || continue
    major=$(airlock_java_major "$candidate/bin/java")
    if ((major > best_major)); then
      best=$candidate
      best_major=$major
    fi
  done
  if [[ -n "$best" ]]; then
    AIRLOCK_JAVA_HOME=$best
    return 0
  fi

  {
    echo "airlock: no JDK ${AIRLOCK_MIN_JAVA} or newer found. Tried:"
    if ((${#tried[@]} == 0)); then
      echo "  (JAVA_HOME unset, no java on PATH, nothing in the usual locations)"
    else
      printf '  %s\n' "${tried[@]}"
    fi
    echo "Install a JDK ${AIRLOCK_MIN_JAVA}+ (e.g. 'apt-get install openjdk-21-jdk-headless' or"
    echo "Eclipse Temurin) and set JAVA_HOME to it."
  } >&2
  return 1
}
