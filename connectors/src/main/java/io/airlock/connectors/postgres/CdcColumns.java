package io.airlock.connectors.postgres;

import io.airlock.connectors.cdc.ChangeColumns;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.StreamDescriptor;

/**
 * The columns change data capture adds to each stream, and the placeholder that stands for an
 * unchanged out-of-line (TOAST) value. The PostgreSQL destination's dedup merge understands both:
 * it orders versions of a key by {@link #LSN}, deletes a key whose latest version has {@link
 * #DELETED} set, and keeps the stored value of a column whose incoming value is {@link
 * #UNCHANGED_TOAST}.
 */
final class CdcColumns {
  /** The log position of a change (0 for rows of the initial snapshot): the dedup order. */
  static final String LSN = ChangeColumns.LSN;

  /** Whether the change deletes its key's row. */
  static final String DELETED = ChangeColumns.DELETED;

  /**
   * What a change carries for a value PostgreSQL did not send because it was stored out of line and
   * did not change. Text and bytea columns carry it as is (bytea as its UTF-8 bytes), json and
   * jsonb as a JSON string.
   */
  static final String UNCHANGED_TOAST = ChangeColumns.UNCHANGED;

  private CdcColumns() {}

  /** {@code stream} with the two change columns appended. */
  static StreamDescriptor withChangeColumns(StreamDescriptor stream) {
    return ChangeColumns.withChangeColumns(stream, "pg_lsn");
  }

  static boolean isChangeColumn(String name) {
    return ChangeColumns.isChangeColumn(name);
  }

  /** Whether a stream carries changes: it has both change columns. */
  static boolean carriesChanges(StreamDescriptor stream) {
    return ChangeColumns.carriesChanges(stream);
  }

  /** Whether a value of {@code kind} can be an unchanged out-of-line value. */
  static boolean canBeUnchangedToast(DataType.Kind kind) {
    return ChangeColumns.canBeUnchanged(kind);
  }
}
