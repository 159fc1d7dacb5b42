package io.airlock.dataplane.sync;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.protocol.job.SyncMode;

/**
 * One stream to sync: the source's descriptor narrowed to the selected columns, and how to write.
 */
public record StreamPlan(StreamDescriptor stream, SyncMode mode) {
  public StreamPlan {
    requireNonNull(stream, "stream is null");
    requireNonNull(mode, "mode is null");
  }
}
