package io.airlock.connectors.spi;

import java.util.List;

/** A source of records. One instance serves one job and is closed at its end. */
public interface Source extends AutoCloseable {
  /** Verifies that the source is reachable with its settings; throws if not. */
  void check();

  /** Streams the source offers, with columns, types and primary keys. */
  List<StreamDescriptor> discover();

  /**
   * Reads every record of {@code stream} (full refresh) and hands them to {@code sink} in order, in
   * batches. Blocks until the stream is exhausted, the sink throws, or the thread is interrupted.
   *
   * @param stream a descriptor from {@link #discover()}, possibly with fewer columns (selection)
   */
  void read(StreamDescriptor stream, BatchSink sink) throws InterruptedException;

  /**
   * Reads what {@code read} asks for: a full refresh, or, with a cursor field, the records whose
   * cursor is at or after the one in its state (inclusive), in cursor order, marking each point it
   * could resume from with {@link BatchSink#checkpoint}. Sources that cannot read incrementally
   * keep this default, which refuses incremental reads.
   */
  default void read(StreamRead read, BatchSink sink) throws InterruptedException {
    if (read.incremental()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "This source cannot read stream "
              + read.stream().name()
              + " incrementally; use a full-refresh sync mode");
    }
    read(read.stream(), sink);
  }

  @Override
  void close();
}
