#!/usr/bin/env bash
# Benchmark: Airlock PostgreSQL-to-PostgreSQL sync (plain, and with 3 hashed columns) against a
# psql COPY pipe of the same 2-million-row table. Ends with ratio_plain= and ratio_hashed=.
# Usage: bench/pg-to-pg.sh [--rows N] [--parallel-readers N] [--keep]   (see bench/README.md)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup pg-to-pg "$@"
bench_run pg-to-pg
