#!/usr/bin/env bash
# Benchmark: the PostgreSQL source's full-refresh read alone, one reader against N parallel
# readers under one snapshot, on a 2-million-row table. Ends with speedup=.
# Usage: bench/pg-parallel-read.sh [--rows N] [--readers N] [--keep]   (see bench/README.md)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup pg-parallel-read "$@"
bench_run pg-parallel-read
