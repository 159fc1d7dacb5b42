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

  @Override
  void close();
}
