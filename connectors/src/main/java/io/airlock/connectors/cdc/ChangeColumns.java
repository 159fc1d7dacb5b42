package io.airlock.connectors.cdc;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.StreamDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns change data capture adds to each stream, whatever the source. Dedup destinations
 * understand both: they order versions of a key by {@link #LSN}, and delete a key whose latest
 * version has {@link #DELETED} set.
 */
public final class ChangeColumns {
  /**
   * The log position of a change (0 for rows of an initial snapshot): the dedup order. PostgreSQL
   * writes its LSN; MySQL/MariaDB its binlog file number times 2^32 plus the event's position.
   */
  public static final String LSN = "_airlock_lsn";

  /** Whether the change deletes its key's row. */
  public static final String DELETED = "_airlock_deleted";

  /**
   * What a change carries for a value its log did not send because it did not change (PostgreSQL's
   * unchanged out-of-line values). Text and bytes columns carry it as is (bytes as its UTF-8
   * bytes), JSON columns as a JSON string. Dedup destinations keep the stored value instead.
   */
  public static final String UNCHANGED = "__airlock_unchanged_toast__";

  private ChangeColumns() {}

  /** {@code stream} with the two change columns appended; the log column shows {@code logType}. */
  public static StreamDescriptor withChangeColumns(StreamDescriptor stream, String logType) {
    List<Column> columns = new ArrayList<>(stream.columns());
    columns.add(new Column(LSN, DataType.INTEGER, false, logType));
    columns.add(new Column(DELETED, DataType.BOOLEAN, false, "boolean"));
    return stream.withColumns(columns);
  }

  /** {@code stream} without the change columns: the columns of the table itself. */
  public static StreamDescriptor tableColumns(StreamDescriptor stream) {
    return stream.withColumns(
        stream.columns().stream().filter(c -> !isChangeColumn(c.name())).toList());
  }

  public static boolean isChangeColumn(String name) {
    return LSN.equals(name) || DELETED.equals(name);
  }

  /** Whether a value of {@code kind} can be {@link #UNCHANGED}. */
  public static boolean canBeUnchanged(DataType.Kind kind) {
    return kind == DataType.Kind.TEXT || kind == DataType.Kind.BYTES || kind == DataType.Kind.JSON;
  }

  /** Whether a stream carries changes: it has both change columns. */
  public static boolean carriesChanges(StreamDescriptor stream) {
    return stream.column(LSN).isPresent() && stream.column(DELETED).isPresent();
  }
}
