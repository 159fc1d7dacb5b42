package io.airlock.connectors.spi;

/** Receives batches from a source. It may block to apply back-pressure. */
@FunctionalInterface
public interface BatchSink {
  void accept(RecordBatch batch) throws InterruptedException;

  /**
   * Marks a point in the stream: {@code state} (opaque text, usually JSON) is where a later read
   * resumes once every record accepted before this call is committed. The engine keeps the last
   * state before each destination commit and hands it back in {@link StreamRead#state()}.
   */
  default void checkpoint(String state) throws InterruptedException {}
}
