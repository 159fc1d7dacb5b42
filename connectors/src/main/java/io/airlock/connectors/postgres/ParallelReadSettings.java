package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;

/**
 * When a full refresh reads a table in parallel page ranges: with {@code parallel_readers} worker
 * connections (1 reads every table with one COPY), for tables of at least {@code
 * parallel_min_table_mb} megabytes on disk.
 *
 * @param readers worker connections per large table; 1 turns parallel reads off
 * @param minTableBytes the smallest table, in bytes of its main fork, read in parallel
 */
record ParallelReadSettings(int readers, long minTableBytes) {
  static final int DEFAULT_READERS = 4;
  static final int MAX_READERS = 32;
  static final int DEFAULT_MIN_TABLE_MB = 256;

  static ParallelReadSettings from(ConnectorSettings settings) {
    int readers = settings.integer("parallel_readers", DEFAULT_READERS);
    if (readers < 1 || readers > MAX_READERS) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector "
              + settings.type()
              + " setting 'parallel_readers' must be between 1 (off) and "
              + MAX_READERS);
    }
    int minMb = settings.integer("parallel_min_table_mb", DEFAULT_MIN_TABLE_MB);
    if (minMb < 0) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + settings.type() + " setting 'parallel_min_table_mb' must be 0 or more");
    }
    return new ParallelReadSettings(readers, minMb * 1024L * 1024L);
  }

  boolean enabled() {
    return readers > 1;
  }
}
