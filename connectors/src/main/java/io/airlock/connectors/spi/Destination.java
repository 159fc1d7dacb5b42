package io.airlock.connectors.spi;

import io.airlock.protocol.job.SyncMode;

/** A destination of records. One instance serves one job and is closed at its end. */
public interface Destination extends AutoCloseable {
  /** Verifies that the destination is reachable and writable; throws if not. */
  void check();

  /**
   * Opens a writer for one stream. For {@link SyncMode#FULL_REFRESH_OVERWRITE} the writer loads
   * into staging and swaps it in only on {@link StreamWriter#finish()}.
   */
  StreamWriter open(StreamDescriptor stream, SyncMode mode);

  /**
   * Opens a writer that knows the stream's cursor field, which {@link
   * SyncMode#INCREMENTAL_APPEND_DEDUP} needs to keep the latest record per primary key.
   * Destinations without dedup keep this default, which refuses that mode and treats {@link
   * SyncMode#INCREMENTAL_APPEND} as an append.
   */
  default StreamWriter open(StreamDescriptor stream, SyncMode mode, String cursorField) {
    return switch (mode) {
      case INCREMENTAL_APPEND_DEDUP ->
          throw new ConnectorException(
              ConnectorException.Kind.USER,
              "This destination cannot deduplicate stream "
                  + stream.name()
                  + "; use INCREMENTAL_APPEND or a full-refresh mode");
      case INCREMENTAL_APPEND -> open(stream, SyncMode.FULL_REFRESH_APPEND);
      default -> open(stream, mode);
    };
  }

  /**
   * Refuses {@link SyncMode#INCREMENTAL_APPEND_DEDUP} for a stream without a complete primary key;
   * destinations that deduplicate call it before opening a writer.
   */
  static void requireKeyForDedup(StreamDescriptor stream, SyncMode mode) {
    if (mode == SyncMode.INCREMENTAL_APPEND_DEDUP && stream.primaryKey().isEmpty()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream.name()
              + " has no primary key (or not all of its key columns are selected), which"
              + " INCREMENTAL_APPEND_DEDUP needs; select the key columns or use"
              + " INCREMENTAL_APPEND");
    }
  }

  @Override
  void close();
}
