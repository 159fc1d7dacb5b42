#!/usr/bin/env bash
# Benchmark: records per second through the external (Airbyte-protocol) source, with the
# generator bench/protocol-source.sh, into PostgreSQL; ratio= against the generator alone.
# Usage: bench/external-protocol.sh [--rows N] [--keep]   (see bench/README.md)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup external-protocol "$@"
bench_run external-protocol --generator "$BENCH_ROOT/bench/protocol-source.sh"
