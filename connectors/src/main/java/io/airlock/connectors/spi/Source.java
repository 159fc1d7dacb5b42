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

  @Override
  void close();
}
