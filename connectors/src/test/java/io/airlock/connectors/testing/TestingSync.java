package io.airlock.connectors.testing;

import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies streams from a source to a destination on the calling thread, with a checkpoint every few
 * batches: the connector-level path of a sync, without the data plane's engine.
 */
public final class TestingSync {
  private static final int BATCHES_PER_CHECKPOINT = 5;

  private TestingSync() {}

  /** Copies every discovered stream; returns rows per stream. */
  public static Map<String, Long> copyAll(Source source, Destination destination, SyncMode mode)
      throws InterruptedException {
    return copy(source, source.discover(), destination, mode);
  }

  /** Copies {@code streams}; returns rows per stream. */
  public static Map<String, Long> copy(
      Source source, List<StreamDescriptor> streams, Destination destination, SyncMode mode)
      throws InterruptedException {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (StreamDescriptor stream : streams) {
      rows.put(stream.name(), copyStream(source, stream, destination, mode));
    }
    return rows;
  }

  private static long copyStream(
      Source source, StreamDescriptor stream, Destination destination, SyncMode mode)
      throws InterruptedException {
    long[] counts = new long[2];
    try (StreamWriter writer = destination.open(stream, mode)) {
      source.read(
          stream,
          batch -> {
            writer.write(batch);
            counts[0] += batch.size();
            if (++counts[1] % BATCHES_PER_CHECKPOINT == 0) {
              writer.checkpoint();
            }
          });
      writer.finish();
    }
    return counts[0];
  }
}
