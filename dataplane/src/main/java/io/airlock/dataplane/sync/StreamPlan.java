package io.airlock.dataplane.sync;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.protocol.job.SyncMode;

/**
 * One stream to sync: the source's descriptor narrowed to the selected columns, how to write it,
 * and for incremental modes the cursor column and the state to resume from.
 *
 * @param cursorField the column incremental modes follow; null for full refresh
 * @param state the stream's state from the last committed checkpoint; null for none
 */
public record StreamPlan(StreamDescriptor stream, SyncMode mode, String cursorField, String state) {
  public StreamPlan {
    requireNonNull(stream, "stream is null");
    requireNonNull(mode, "mode is null");
  }

  /** A full-refresh plan. */
  public StreamPlan(StreamDescriptor stream, SyncMode mode) {
    this(stream, mode, null, null);
  }

  /** The key of this stream's entry in the connection's {@link SyncState}. */
  public String stateKey() {
    return stream.qualifiedName();
  }

  /** The same plan resuming from {@code savedState}. */
  public StreamPlan withState(String savedState) {
    return new StreamPlan(stream, mode, cursorField, savedState);
  }
}
