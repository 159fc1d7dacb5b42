#!/usr/bin/env bash
# Benchmark: Airlock CSV-to-PostgreSQL sync against `psql \copy … from FILE csv header` of the
# same 1-million-row file. Ends with ratio=.
# Usage: bench/csv-to-pg.sh [--rows N] [--keep]   (see bench/README.md)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup csv-to-pg "$@"
bench_run csv-to-pg
