package io.airlock.connectors.cdc;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills the change columns of rows read by a table read (a full refresh, or the initial snapshot of
 * change capture): log position 0, not deleted. The rows hold the table's columns in the stream's
 * order, without the change columns.
 */
public record SnapshotRows(StreamDescriptor stream, BatchSink sink) implements BatchSink {
  @Override
  public void accept(RecordBatch batch) throws InterruptedException {
    List<Object[]> rows = new ArrayList<>(batch.size());
    for (Object[] row : batch.rows()) {
      Object[] full = new Object[stream.columns().size()];
      int next = 0;
      for (int i = 0; i < full.length; i++) {
        String name = stream.columns().get(i).name();
        if (name.equals(ChangeColumns.LSN)) {
          full[i] = 0L;
        } else if (name.equals(ChangeColumns.DELETED)) {
          full[i] = false;
        } else {
          full[i] = row[next++];
        }
      }
      rows.add(full);
    }
    sink.accept(new RecordBatch(stream.columns(), rows, batch.bytes()));
  }
}
