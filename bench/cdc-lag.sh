#!/usr/bin/env bash
# Benchmark: commit-to-visible latency of PostgreSQL change data capture into PostgreSQL at
# 1,000 changes/s while syncs run back to back.
# Ends with cdc_lag_p50_seconds= and cdc_lag_p99_seconds=.
# Usage: bench/cdc-lag.sh [--rate N] [--seconds N] [--keep]   (see bench/README.md)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup cdc-lag "$@"
bench_run cdc-lag
