package io.airlock.protocol.job;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One selected stream of a connection.
 *
 * @param name stream name as the source discovers it
 * @param syncMode how the stream is written
 * @param columns selected columns; empty means every column
 * @param cursorField the column incremental modes follow; null for full refresh
 */
public record StreamConfig(
    String name, SyncMode syncMode, List<String> columns, String cursorField) {
  public StreamConfig {
    requireNonNull(name, "name is null");
    syncMode = syncMode == null ? SyncMode.FULL_REFRESH_OVERWRITE : syncMode;
    columns = columns == null ? List.of() : List.copyOf(columns);
  }

  /** A stream without a cursor field. */
  public StreamConfig(String name, SyncMode syncMode, List<String> columns) {
    this(name, syncMode, columns, null);
  }

  public boolean incremental() {
    return syncMode == SyncMode.INCREMENTAL_APPEND || syncMode == SyncMode.INCREMENTAL_APPEND_DEDUP;
  }
}
