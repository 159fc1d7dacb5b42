package io.airlock.dataplane.sync;

/**
 * Tuning of the sync engine.
 *
 * @param checkpointRecords records written per stream between two {@code checkpoint()} calls
 * @param queueBatches batches buffered between a stream's reader and writer; memory is bounded by
 *     (queueBatches + 2) batches per running stream
 */
public record SyncOptions(int checkpointRecords, int queueBatches) {
  public static final int DEFAULT_QUEUE_BATCHES = 4;

  public SyncOptions {
    if (checkpointRecords <= 0) {
      throw new IllegalArgumentException("checkpointRecords must be positive");
    }
    if (queueBatches <= 0) {
      throw new IllegalArgumentException("queueBatches must be positive");
    }
  }

  public static SyncOptions of(int checkpointRecords) {
    return new SyncOptions(checkpointRecords, DEFAULT_QUEUE_BATCHES);
  }
}
