#!/usr/bin/env bash
# Benchmark: Airlock PostgreSQL-to-Parquet (files destination) sync of a 1-million-row table.
# Prints rows/s and MB/s; no reference writer. Usage: bench/pg-to-parquet.sh [--rows N]
# [--compression zstd|snappy|uncompressed] [--keep]   (see bench/README.md)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup pg-to-parquet "$@"
bench_run pg-to-parquet
