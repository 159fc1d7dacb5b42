package io.airlock.dataplane.sync;

import io.airlock.protocol.lease.StreamProgress;
import io.airlock.protocol.schema.CatalogStream;
import io.airlock.protocol.schema.SchemaChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-stream counters of one running job, safe to read from another thread. */
public final class JobProgress {
  /** Told the connection's whole state after each checkpoint a destination committed. */
  @FunctionalInterface
  public interface CheckpointListener {
    void committed(String encodedState);
  }

  private final Map<String, StreamCounter> streams = new LinkedHashMap<>();
  private final CheckpointListener listener;
  private volatile String state;
  private volatile List<CatalogStream> catalog = List.of();
  private volatile List<SchemaChange> schemaChanges = List.of();

  public JobProgress() {
    this(encoded -> {});
  }

  public JobProgress(CheckpointListener listener) {
    this.listener = listener;
  }

  /**
   * Records the connection's state after a committed checkpoint and tells the listener, which may
   * throw to stop the job (its lease is gone).
   */
  public void checkpointed(String encodedState) {
    state = encodedState;
    listener.committed(encodedState);
  }

  /** The state after the last committed checkpoint of this job, or null when there was none. */
  public String state() {
    return state;
  }

  /** Records what the source discovered: every stream (DISCOVER) or the synced ones (SYNC). */
  public void discovered(List<CatalogStream> streams) {
    catalog = List.copyOf(streams);
  }

  /** The catalog to report with the result; empty when nothing was discovered. */
  public List<CatalogStream> catalog() {
    return catalog;
  }

  /** Records the schema changes found since the stored catalog. */
  public void schemaChanged(List<SchemaChange> changes) {
    schemaChanges = List.copyOf(changes);
  }

  /** The schema changes to report with the result. */
  public List<SchemaChange> schemaChanges() {
    return schemaChanges;
  }

  /** The counter of {@code stream}, created on first use; streams keep their order. */
  public synchronized StreamCounter stream(String stream) {
    return streams.computeIfAbsent(stream, StreamCounter::new);
  }

  /** Counts so far, one entry per stream in the order they were planned. */
  public List<StreamProgress> snapshot() {
    List<StreamCounter> counters;
    synchronized (this) {
      counters = new ArrayList<>(streams.values());
    }
    return counters.stream().map(StreamCounter::snapshot).toList();
  }

  public long totalRecords() {
    return snapshot().stream().mapToLong(StreamProgress::records).sum();
  }
}
