package io.airlock.connectors.mysql;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * Writes the binlog decoder's {@code DATE}, {@code DATETIME}, {@code TIMESTAMP} and {@code TIME}
 * values as the server's own text forms (what {@code CAST(... AS CHAR)} gives in a UTC session), so
 * a change capture reads them through the same parsers, and by the same rule, as a standard read
 * ({@link MySqlValues}). The decoder gives NULL for a zero or invalid date, and a {@code TIME} in
 * its full range ({@code -838:59:59} to {@code 838:59:59}) as a duration.
 */
final class BinlogTemporalText {
  /** The text of a zero {@code TIMESTAMP}, which the log stores as the epoch. */
  static final String ZERO_TIMESTAMP = "0000-00-00 00:00:00";

  private BinlogTemporalText() {}

  /** The text form of a temporal value of {@code read}'s kind; null for NULL. */
  static String text(MySqlCatalog.Read read, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String text) {
      return text;
    }
    return switch (read) {
      case DATE -> date(value);
      case DATETIME -> dateTime(value);
      case TIMESTAMP -> timestamp(value);
      case TIME -> time(value);
      default -> throw new IllegalStateException("Not a temporal column: " + read);
    };
  }

  private static String date(Object value) {
    return switch (value) {
      case LocalDate date -> date.toString();
      case java.sql.Date date -> date.toLocalDate().toString();
      case LocalDateTime dateTime -> dateTime.toLocalDate().toString();
      default -> throw unexpected("DATE", value);
    };
  }

  private static String dateTime(Object value) {
    return switch (value) {
      case LocalDateTime dateTime -> dateTimeText(dateTime);
      case java.sql.Timestamp timestamp -> dateTimeText(timestamp.toLocalDateTime());
      case LocalDate date -> dateTimeText(date.atStartOfDay());
      default -> throw unexpected("DATETIME", value);
    };
  }

  private static String timestamp(Object value) {
    Instant instant =
        switch (value) {
          case ZonedDateTime zoned -> zoned.toInstant();
          case OffsetDateTime offset -> offset.toInstant();
          case Instant at -> at;
          case java.sql.Timestamp timestamp -> timestamp.toInstant();
          case LocalDateTime local -> local.toInstant(ZoneOffset.UTC);
          default -> throw unexpected("TIMESTAMP", value);
        };
    if (instant.equals(Instant.EPOCH)) {
      return ZERO_TIMESTAMP;
    }
    if (instant.equals(Instant.EPOCH)) {
      // No valid TIMESTAMP is at the epoch (the range starts one second later): it is a zero one.
      return ZERO_TIMESTAMP;
    }
    return dateTimeText(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  private static String time(Object value) {
    return switch (value) {
      case Duration duration -> durationText(duration);
      case LocalTime time -> durationText(Duration.ofNanos(time.toNanoOfDay()));
      case java.sql.Time time -> time.toString();
      default -> throw unexpected("TIME", value);
    };
  }

  private static String dateTimeText(LocalDateTime value) {
    String date = value.toLocalDate().toString();
    return date
        + " "
        + clock(value.getHour(), value.getMinute(), value.getSecond(), value.getNano());
  }

  /** {@code [-]h:mm:ss[.ffffff]}, as the server writes a {@code TIME}. */
  private static String durationText(Duration duration) {
    String sign = duration.isNegative() ? "-" : "";
    Duration size = duration.abs();
    long hours = size.toHours();
    return sign
        + (hours < 10 ? "0" : "")
        + hours
        + clock(-1, size.toMinutesPart(), size.toSecondsPart(), size.toNanosPart()).substring(2);
  }

  /** {@code hh:mm:ss[.ffffff]}; an hour of -1 writes {@code 00}. */
  private static String clock(int hour, int minute, int second, int nanos) {
    String text = String.format(Locale.ROOT, "%02d:%02d:%02d", Math.max(hour, 0), minute, second);
    if (nanos == 0) {
      return text;
    }
    return text + String.format(Locale.ROOT, ".%06d", nanos / 1_000);
  }

  private static IllegalArgumentException unexpected(String type, Object value) {
    // Only the value's class: the value itself is never put into a message.
    return new IllegalArgumentException(
        "Unexpected " + value.getClass().getSimpleName() + " for a " + type + " column");
  }
}
