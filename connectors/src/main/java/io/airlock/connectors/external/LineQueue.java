package io.airlock.connectors.external;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lines read from a connector's stdout, waiting to be handled. Bounded by their total size: when
 * full, the reading thread waits, stops reading the pipe, and the connector blocks on its next
 * write. One line is always admitted, however long, so a long record cannot dead-lock the queue.
 */
final class LineQueue {
  /** Marks the end of stdout in the queue. */
  static final String END = new String("<end>");

  private final long capacityBytes;
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private long bytes;

  LineQueue(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  void put(String line) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (!lines.isEmpty() && bytes + size(line) > capacityBytes) {
        notFull.await();
      }
      lines.addLast(line);
      bytes += size(line);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The next line, {@link #END} once stdout is exhausted, or null after {@code millis}. */
  String poll(long millis) throws InterruptedException {
    long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
    lock.lockInterruptibly();
    try {
      while (lines.isEmpty()) {
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      String line = lines.removeFirst();
      bytes -= size(line);
      notFull.signal();
      return line;
    } finally {
      lock.unlock();
    }
  }

  private static long size(String line) {
    return 2L * line.length();
  }
}
