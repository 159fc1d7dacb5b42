#!/usr/bin/env bash
# Benchmark: commit-to-visible latency of PostgreSQL change data capture into PostgreSQL at
# 1,000 changes/s while syncs run back to back.
# Ends with cdc_lag_p50_seconds= and cdc_lag_p99_seconds=.
# Usage: bench/cdc-lag.sh [--rate N] [--seconds N] [--keep]   (see bench/README.md)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KEEP=0
ARGS=()
for arg in "$@"; do
  if [[ "$arg" == "--keep" ]]; then KEEP=1; else ARGS+=("$arg"); fi
done

AIRLOCK_HOME=$(mktemp -d /tmp/airlock-bench.XXXXXX)
export AIRLOCK_HOME
cleanup() {
  if ((KEEP)); then
    echo "cdc-lag: kept $AIRLOCK_HOME (logs in $AIRLOCK_HOME/logs)" >&2
  else
    rm -rf "$AIRLOCK_HOME"
  fi
}
trap cleanup EXIT

# Measures the CLI as built. Without a build, ./airlock builds it first; AIRLOCK_BENCH_BUILD=1
# forces ./airlock (which rebuilds when sources are newer than the jar).
cli_jar() {
  compgen -G "$ROOT/cli/target/airlock-cli-*.jar" \
    | grep -v -e '-sources.jar$' -e '-tests.jar$' | head -n 1
}
if [[ "${AIRLOCK_BENCH_BUILD:-0}" == 1 || -z "$(cli_jar || true)" || ! -d "$ROOT/cli/target/lib" ]]
then
  "$ROOT/airlock" bench cdc-lag "${ARGS[@]+"${ARGS[@]}"}"
  exit
fi
# shellcheck source=../bin/find-jdk.sh
source "$ROOT/bin/find-jdk.sh"
airlock_find_jdk || exit 1
# Runs a copy of the build, so that rebuilding cli/target during the run cannot change the classes
# under the running JVMs (the data plane and control plane get this JVM's class path).
CLI="$AIRLOCK_HOME/bench-cli"
mkdir -p "$CLI"
cp "$(cli_jar)" "$CLI/airlock-cli.jar"
cp -R "$ROOT/cli/target/lib" "$CLI/lib"
"$AIRLOCK_JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "$CLI/airlock-cli.jar:$CLI/lib/*" io.airlock.cli.Main bench cdc-lag \
  "${ARGS[@]+"${ARGS[@]}"}"
