#!/usr/bin/env bash
# Benchmark: Airlock MariaDB-to-PostgreSQL sync against `mariadb --batch --quick | psql \copy` of
# the same 1-million-row table, MariaDB started here on loopback. Ends with ratio=.
# Usage: bench/mariadb-to-pg.sh [--rows N] [--keep]   (see bench/README.md)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup mariadb-to-pg "$@"
bench_start_mariadb
bench_run mariadb-to-pg --mariadb-port "$BENCH_MARIADB_PORT"
