package io.airlock.protocol.schema;

/** What a sync does when its source's schema changed since the stored catalog. */
public enum SchemaChangePolicy {
  /**
   * Additive changes (new columns, widened types) are synced and applied to the destination;
   * removed columns and other type changes fail the job.
   */
  PROPAGATE,
  /** Any change fails the job with the list of changes and pauses the connection. */
  PAUSE,
  /** Any change fails the job with the list of changes. */
  FAIL
}
