package io.airlock.connectors.spi;

/** Receives batches from a source. It may block to apply back-pressure. */
@FunctionalInterface
public interface BatchSink {
  void accept(RecordBatch batch) throws InterruptedException;
}
