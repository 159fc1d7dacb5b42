package io.airlock.dataplane.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a generous timeout; tests assert on the outcome, not on time. */
public final class Poll {
  private Poll() {}

  public static boolean until(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
