package io.airlock.controlplane.connections;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.springframework.scheduling.support.CronExpression;

/** A 5-field Unix cron expression (minute hour day-of-month month day-of-week), in UTC. */
public final class CronSchedule {
  private final CronExpression expression;

  private CronSchedule(CronExpression expression) {
    this.expression = expression;
  }

  /**
   * Parses a 5-field expression such as {@code 0 3 * * *}.
   *
   * @throws IllegalArgumentException saying what is wrong, without echoing the expression
   */
  public static CronSchedule parse(String unixCron) {
    String[] fields = unixCron.strip().split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "expected 5 fields (minute hour day-of-month month day-of-week), got " + fields.length);
    }
    try {
      return new CronSchedule(CronExpression.parse("0 " + String.join(" ", fields)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a field is out of range or malformed", e);
    }
  }

  /** The first firing strictly after {@code after}. */
  public Instant next(Instant after) {
    ZonedDateTime next = expression.next(after.atZone(ZoneOffset.UTC));
    if (next == null) {
      throw new IllegalStateException("Cron schedule never fires again");
    }
    return next.toInstant();
  }
}
