package io.airlock.dataplane.sync;

import io.airlock.protocol.lease.StreamProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-stream counters of one running job, safe to read from another thread. */
public final class JobProgress {
  private final Map<String, StreamCounter> streams = new LinkedHashMap<>();

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
