package io.airlock.connectors.spi;

/**
 * Writes one stream. The engine calls {@link #write} for each batch, {@link #checkpoint()} when
 * everything written so far must become durable, and then {@link #finish()} or {@link #abort()}.
 */
public interface StreamWriter extends AutoCloseable {
  /**
   * Writes one batch. Its columns must be those of the descriptor the writer was opened with, by
   * name and in the same order (after mappers: open the writer with the mapped descriptor). Any
   * value that cannot be written fails the call with a {@link ConnectorException} naming stream,
   * column and row position; a batch is never dropped silently.
   */
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
