package io.airlock.dataplane.lease;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th delay is a random time between half and all of {@code
 * min(max, initial * 2^(n-1))}, so many data planes do not retry in step.
 */
final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;
  private int failures;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = requireNonNull(initial, "initial is null");
    this.max = requireNonNull(max, "max is null");
    this.random = requireNonNull(random, "random is null");
  }

  /** The delay before the next attempt, growing with each consecutive failure. */
  Duration next() {
    failures = Math.min(failures + 1, 30);
    long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(failures - 1, 20));
    long half = Math.max(1, cap / 2);
    return Duration.ofMillis(half + random.nextLong(half + 1));
  }

  /** After a success: the next failure waits the initial delay again. */
  void reset() {
    failures = 0;
  }
}
