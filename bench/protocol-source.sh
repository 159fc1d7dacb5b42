#!/bin/sh
# A minimal Airbyte-protocol source for bench/external-protocol.sh: one stream, bench_events,
# of ROWS generated records (8 fields: integer, string, number, boolean, date-time, object).
# Usage: protocol-source.sh ROWS spec|check|discover|read [--config F] [--catalog F]
set -eu
ROWS=$1
COMMAND=$2

case "$COMMAND" in
  spec)
    echo '{"type":"SPEC","spec":{"connectionSpecification":{"type":"object","properties":{}}}}'
    ;;
  check)
    echo '{"type":"CONNECTION_STATUS","connectionStatus":{"status":"SUCCEEDED"}}'
    ;;
  discover)
    printf '%s' '{"type":"CATALOG","catalog":{"streams":[{"name":"bench_events",'
    printf '%s' '"supported_sync_modes":["full_refresh"],"json_schema":{"type":"object",'
    printf '%s' '"properties":{"id":{"type":"integer"},"name":{"type":"string"},'
    printf '%s' '"email":{"type":"string"},"amount":{"type":"number"},'
    printf '%s' '"active":{"type":"boolean"},"created_at":{"type":"string","format":"date-time",'
    printf '%s' '"airbyte_type":"timestamp_with_timezone"},"city":{"type":"string"},'
    printf '%s\n' '"attributes":{"type":"object"}}}}]}}'
    ;;
  read)
    awk -v rows="$ROWS" 'BEGIN {
      split("Lyon Porto Bergen Graz Gent Turku Cork", city, " ");
      for (i = 1; i <= rows; i++) {
        printf "{\"type\":\"RECORD\",\"record\":{\"stream\":\"bench_events\",\"emitted_at\":0," \
          "\"data\":{\"id\":%d,\"name\":\"name-%d\",\"email\":\"user%d@example.org\"," \
          "\"amount\":%d.%02d,\"active\":%s,\"created_at\":\"2024-%02d-%02dT%02d:%02d:%02d.%06dZ\"," \
          "\"city\":\"%s\",\"attributes\":{\"visits\":%d,\"tier\":\"t%d\"}}}}\n",
          i, i % 997, i, (i * 7919) % 100000, i % 100, (i % 2 == 0) ? "true" : "false",
          1 + i % 12, 1 + i % 28, i % 24, i % 60, (i * 7) % 60, (i * 31) % 1000000,
          city[1 + i % 7], i % 41, i % 5;
      }
    }'
    ;;
  *)
    echo "protocol-source.sh: unknown command $COMMAND" >&2
    exit 2
    ;;
esac
