package io.airlock.connectors.spi;

import static java.util.Objects.requireNonNull;

/**
 * What to read of one stream.
 *
 * @param stream a descriptor from {@link Source#discover()}, possibly with fewer columns
 * @param cursorField the column an incremental read follows, or null for a full refresh
 * @param state the stream's state from the last committed checkpoint, as the source emitted it
 *     through {@link BatchSink#checkpoint}; null on a first read or a full refresh
 */
public record StreamRead(StreamDescriptor stream, String cursorField, String state) {
  public StreamRead {
    requireNonNull(stream, "stream is null");
  }

  /** A full refresh of {@code stream}. */
  public static StreamRead fullRefresh(StreamDescriptor stream) {
    return new StreamRead(stream, null, null);
  }

  public boolean incremental() {
    return cursorField != null;
  }
}
