package io.airlock.connectors.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A batch of records of one stream. Each row is an array aligned with {@link #columns()}, holding
 * values of the Java classes that {@link DataType} names. Batches are the unit of flow control:
 * memory is bounded by batch size times the number of batches in flight.
 *
 * @param bytes approximate size of the batch's values in bytes, for progress reports
 */
public record RecordBatch(List<Column> columns, List<Object[]> rows, long bytes) {
  public RecordBatch {
    requireNonNull(columns, "columns is null");
    requireNonNull(rows, "rows is null");
  }

  public int size() {
    return rows.size();
  }

  /**
   * About how many bytes {@code rows} hold, for progress figures and batch limits: text by its
   * characters, bytes and JSON documents by their length, any other value as 8.
   */
  public static long approximateBytes(List<Object[]> rows) {
    long bytes = 0;
    for (Object[] row : rows) {
      bytes += approximateBytes(row);
    }
    return bytes;
  }

  /** About how many bytes one row holds, by the rule of {@link #approximateBytes(List)}. */
  public static long approximateBytes(Object[] row) {
    long bytes = 0;
    for (Object value : row) {
      bytes +=
          switch (value) {
            case null -> 1;
            case String text -> text.length();
            case byte[] data -> data.length;
            case JsonValue json -> json.json().length();
            default -> 8;
          };
    }
    return bytes;
  }
}
