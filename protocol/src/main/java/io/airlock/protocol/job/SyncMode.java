package io.airlock.protocol.job;

/** How one stream of a connection is written to its destination. */
public enum SyncMode {
  /** Replace the destination table with a fresh copy; readers never see it empty. */
  FULL_REFRESH_OVERWRITE,
  /** Append a fresh copy of every row to the destination table. */
  FULL_REFRESH_APPEND,
  /** Append rows changed since the last committed cursor (issue #3). */
  INCREMENTAL_APPEND,
  /** Append changed rows and keep the latest per primary key (issue #3). */
  INCREMENTAL_APPEND_DEDUP
}
