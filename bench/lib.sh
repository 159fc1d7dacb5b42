# Shared by the scripts in bench/: source it, then call bench_setup and bench_run.
# shellcheck shell=bash

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# bench_setup NAME ARGS...: parses --keep out of ARGS into BENCH_ARGS, creates a fresh
# AIRLOCK_HOME=/tmp/airlock-bench.* (removed at exit unless --keep) and checks that psql is there.
bench_setup() {
  BENCH_NAME=$1
  shift
  BENCH_KEEP=0
  BENCH_ARGS=()
  for arg in "$@"; do
    if [[ "$arg" == "--keep" ]]; then BENCH_KEEP=1; else BENCH_ARGS+=("$arg"); fi
  done
  bench_require psql
  AIRLOCK_HOME=$(mktemp -d /tmp/airlock-bench.XXXXXX)
  export AIRLOCK_HOME
  BENCH_CLEANUPS=()
  trap bench_cleanup EXIT
}

bench_require() {
  command -v "$1" >/dev/null || { echo "$BENCH_NAME: $1 is required on PATH" >&2; exit 1; }
}

# bench_on_exit COMMAND: runs COMMAND at exit, before AIRLOCK_HOME is removed (last added first).
bench_on_exit() {
  BENCH_CLEANUPS=("$1" "${BENCH_CLEANUPS[@]+"${BENCH_CLEANUPS[@]}"}")
}

bench_cleanup() {
  local cleanup
  for cleanup in "${BENCH_CLEANUPS[@]+"${BENCH_CLEANUPS[@]}"}"; do eval "$cleanup" || true; done
  if ((BENCH_KEEP)); then
    echo "$BENCH_NAME: kept $AIRLOCK_HOME (logs in $AIRLOCK_HOME/logs)" >&2
  else
    rm -rf "$AIRLOCK_HOME"
  fi
}

bench_cli_jar() {
  compgen -G "$BENCH_ROOT/cli/target/airlock-cli-*.jar" \
    | grep -v -e '-sources.jar$' -e '-tests.jar$' | head -n 1
}

# bench_run COMMAND ARGS...: runs `airlock bench COMMAND ARGS... BENCH_ARGS...` with the CLI as
# built in cli/target. Without a build, ./airlock builds it first; AIRLOCK_BENCH_BUILD=1 forces
# ./airlock (which rebuilds when sources are newer than the jar). Otherwise it runs a copy of the
# build, so that rebuilding cli/target during the run cannot change the classes under the running
# JVMs (the data plane and control plane get this JVM's class path).
bench_run() {
  if [[ "${AIRLOCK_BENCH_BUILD:-0}" == 1 || -z "$(bench_cli_jar || true)" \
    || ! -d "$BENCH_ROOT/cli/target/lib" ]]; then
    "$BENCH_ROOT/airlock" bench "$@" "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
    return
  fi
  # shellcheck source=../bin/find-jdk.sh
  source "$BENCH_ROOT/bin/find-jdk.sh"
  airlock_find_jdk || exit 1
  local cli="$AIRLOCK_HOME/bench-cli"
  mkdir -p "$cli"
  cp "$(bench_cli_jar)" "$cli/airlock-cli.jar"
  cp -R "$BENCH_ROOT/cli/target/lib" "$cli/lib"
  "$AIRLOCK_JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "$cli/airlock-cli.jar:$cli/lib/*" io.airlock.cli.Main bench "$@" \
    "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
}

bench_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# bench_start_mariadb: starts Debian's mariadbd on 127.0.0.1 with its own data folder under
# AIRLOCK_HOME and a free port, creates the database `bench` and the user `bench` with a fresh
# password; sets BENCH_MARIADB_PORT and exports AIRLOCK_BENCH_MARIADB_PASSWORD. Stopped at exit.
bench_start_mariadb() {
  local mariadbd=/usr/sbin/mariadbd
  [[ -x "$mariadbd" ]] || { echo "$BENCH_NAME: install mariadb-server (apt-get install mariadb-server)" >&2; exit 1; }
  bench_require mariadb-install-db
  bench_require mariadb
  local home="$AIRLOCK_HOME/bench/mariadb"
  mkdir -p "$home"
  mariadb-install-db --no-defaults --datadir="$home/data" --auth-root-authentication-method=normal \
    --skip-test-db --user="$(id -un)" >"$home/install.log" 2>&1
  BENCH_MARIADB_PORT=$(bench_free_port)
  "$mariadbd" --no-defaults --datadir="$home/data" --socket="$home/mariadb.sock" \
    --pid-file="$home/mariadb.pid" --port="$BENCH_MARIADB_PORT" --bind-address=127.0.0.1 \
    --skip-name-resolve --user="$(id -un)" --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_unicode_ci --innodb-buffer-pool-size=512M \
    --innodb-flush-log-at-trx-commit=0 --max-allowed-packet=64M \
    --log-error="$home/error.log" &
  BENCH_MARIADB_PID=$!
  bench_on_exit "kill $BENCH_MARIADB_PID; wait $BENCH_MARIADB_PID"
  local tries=0
  until mariadb --no-defaults -S "$home/mariadb.sock" -u root -e 'select 1' >/dev/null 2>&1; do
    tries=$((tries + 1))
    if ((tries > 120)) || ! kill -0 "$BENCH_MARIADB_PID" 2>/dev/null; then
      echo "$BENCH_NAME: mariadbd did not start; see $home/error.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  AIRLOCK_BENCH_MARIADB_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  export AIRLOCK_BENCH_MARIADB_PASSWORD
  mariadb --no-defaults -S "$home/mariadb.sock" -u root -e "create database bench;
    create user 'bench'@'127.0.0.1' identified by '$AIRLOCK_BENCH_MARIADB_PASSWORD';
    grant all on bench.* to 'bench'@'127.0.0.1';"
}
