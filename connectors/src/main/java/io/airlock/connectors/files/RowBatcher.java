package io.airlock.connectors.files;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.RecordBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups rows into batches for a sink: a batch is handed over at {@value #BATCH_ROWS} rows or at
 * about {@value #BATCH_BYTES} bytes of values, whichever comes first, so memory stays bounded
 * whatever the file's size.
 */
final class RowBatcher {
  static final int BATCH_ROWS = 2_000;
  static final long BATCH_BYTES = 4L << 20;

  private final List<Column> columns;
  private final BatchSink sink;
  private List<Object[]> rows = new ArrayList<>(BATCH_ROWS);
  private long bytes;
  private long total;

  RowBatcher(List<Column> columns, BatchSink sink) {
    this.columns = columns;
    this.sink = sink;
  }

  /** Adds one row of about {@code approximateBytes} bytes; may hand a batch to the sink. */
  void add(Object[] row, long approximateBytes) throws InterruptedException {
    rows.add(row);
    bytes += approximateBytes;
    total++;
    if (rows.size() >= BATCH_ROWS || bytes >= BATCH_BYTES) {
      flush();
    }
  }

  /** Hands over the rows not yet handed over; returns how many rows were added in all. */
  long finish() throws InterruptedException {
    flush();
    return total;
  }

  private void flush() throws InterruptedException {
    if (rows.isEmpty()) {
      return;
    }
    sink.accept(new RecordBatch(columns, rows, bytes));
    rows = new ArrayList<>(BATCH_ROWS);
    bytes = 0;
  }
}
