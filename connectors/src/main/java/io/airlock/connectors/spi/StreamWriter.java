package io.airlock.connectors.spi;

/**
 * Writes one stream. The engine calls {@link #write} for each batch, {@link #checkpoint()} when
 * everything written so far must become durable, and then {@link #finish()} or {@link #abort()}.
 */
public interface StreamWriter extends AutoCloseable {
  void write(RecordBatch batch);

  /** Durably commits every record written so far. Returns only once they are committed. */
  void checkpoint();

  /** Completes the stream: commits and, for overwrite, swaps the new data in atomically. */
  void finish();

  /** Abandons uncommitted work; data committed by earlier checkpoints stays. */
  void abort();

  @Override
  void close();
}
