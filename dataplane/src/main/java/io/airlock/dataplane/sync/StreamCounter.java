package io.airlock.dataplane.sync;

import static java.util.Objects.requireNonNull;

import io.airlock.protocol.lease.StreamProgress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records, bytes and time of one stream. Written by the engine's consumer thread, read at any time
 * by the heartbeat thread.
 */
public final class StreamCounter {
  private final String stream;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile long startedNanos;
  private volatile long endedNanos;

  StreamCounter(String stream) {
    this.stream = requireNonNull(stream, "stream is null");
  }

  public String stream() {
    return stream;
  }

  void started() {
    startedNanos = System.nanoTime();
  }

  void add(long recordCount, long byteCount) {
    records.addAndGet(recordCount);
    bytes.addAndGet(byteCount);
  }

  void ended() {
    endedNanos = System.nanoTime();
  }

  public long records() {
    return records.get();
  }

  public long bytes() {
    return bytes.get();
  }

  /** Time since the stream started, or its total time once ended; 0 before it starts. */
  public long elapsedMillis() {
    long start = startedNanos;
    if (start == 0) {
      return 0;
    }
    long end = endedNanos;
    return TimeUnit.NANOSECONDS.toMillis((end == 0 ? System.nanoTime() : end) - start);
  }

  public StreamProgress snapshot() {
    return new StreamProgress(stream, records(), bytes(), elapsedMillis());
  }
}
