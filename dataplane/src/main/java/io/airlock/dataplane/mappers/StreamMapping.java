package io.airlock.dataplane.mappers;

import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import java.util.List;

/** The mappers of one stream, applied batch by batch on the engine's fast path. */
public final class StreamMapping {
  private final StreamDescriptor output;
  private final int[] hashedIndexes;
  private final HmacHasher[] hashers;

  StreamMapping(StreamDescriptor output, HmacHasher[] byColumn) {
    this.output = output;
    int count = 0;
    for (HmacHasher hasher : byColumn) {
      count += hasher == null ? 0 : 1;
    }
    this.hashedIndexes = new int[count];
    this.hashers = new HmacHasher[count];
    int next = 0;
    for (int i = 0; i < byColumn.length; i++) {
      if (byColumn[i] != null) {
        hashedIndexes[next] = i;
        hashers[next++] = byColumn[i];
      }
    }
  }

  /** The stream as the destination sees it: hashed columns have type TEXT. */
  public StreamDescriptor output() {
    return output;
  }

  public boolean isIdentity() {
    return hashers.length == 0;
  }

  /**
   * Maps {@code batch} in place (its row arrays are rewritten) and returns it with the output
   * columns. Each hasher's per-thread state is looked up once per batch, not per value.
   */
  public RecordBatch apply(RecordBatch batch) {
    if (isIdentity()) {
      return batch;
    }
    HmacHasher.Session[] sessions = new HmacHasher.Session[hashers.length];
    for (int h = 0; h < hashers.length; h++) {
      sessions[h] = hashers[h].session();
    }
    List<Object[]> rows = batch.rows();
    for (int r = 0; r < rows.size(); r++) {
      Object[] row = rows.get(r);
      for (int h = 0; h < sessions.length; h++) {
        int column = hashedIndexes[h];
        row[column] = sessions[h].hash(row[column]);
      }
    }
    return new RecordBatch(output.columns(), rows, batch.bytes());
  }
}
