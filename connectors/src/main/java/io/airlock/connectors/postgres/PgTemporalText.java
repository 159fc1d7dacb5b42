package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.SpecialValue;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads and writes PostgreSQL's ISO text form of dates, times and timestamps, as printed with
 * {@code DateStyle=ISO} and {@code TimeZone=UTC}.
 *
 * <p>PostgreSQL writes years before 1 AD as {@code 0044-03-15 BC} and years past 9999 with five or
 * more digits and no sign. Java counts 1 BC as year 0 (proleptic ISO), so {@code N BC} is year
 * {@code 1 - N}. {@code infinity} and {@code -infinity} travel as {@link SpecialValue}. The time
 * {@code 24:00:00} becomes {@link LocalTime#MAX}, which PostgreSQL rounds back to {@code 24:00:00}.
 */
final class PgTemporalText {
  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  private static final byte[] EMPTY = new byte[0];

  private byte[] text = EMPTY;
  private int position;
  private int end;
  private boolean beforeChrist;

  /** Parses a {@code date} value. */
  Object parseDate(byte[] bytes, int offset, int length) {
    SpecialValue special = infinity(bytes, offset, length);
    if (special != null) {
      return special;
    }
    reset(bytes, offset, length);
    LocalDate date = date();
    finish();
    return date;
  }

  /** Parses a {@code time} value. */
  LocalTime parseTime(byte[] bytes, int offset, int length) {
    reset(bytes, offset, length);
    LocalTime time = time();
    finish();
    return time;
  }

  /** Parses a {@code timestamp} value. */
  Object parseTimestamp(byte[] bytes, int offset, int length) {
    SpecialValue special = infinity(bytes, offset, length);
    if (special != null) {
      return special;
    }
    reset(bytes, offset, length);
    LocalDateTime timestamp = dateTime();
    finish();
    return timestamp;
  }

  /** Parses a {@code timestamptz} value into UTC. */
  Object parseTimestampTz(byte[] bytes, int offset, int length) {
    SpecialValue special = infinity(bytes, offset, length);
    if (special != null) {
      return special;
    }
    reset(bytes, offset, length);
    LocalDateTime local = dateTime();
    ZoneOffset zone = offset();
    finish();
    OffsetDateTime timestamp = OffsetDateTime.of(local, zone);
    return zone.getTotalSeconds() == 0
        ? timestamp
        : timestamp.withOffsetSameInstant(ZoneOffset.UTC);
  }

  private void reset(byte[] bytes, int offset, int length) {
    this.text = bytes;
    this.position = offset;
    this.end = offset + length;
    if (end >= offset + 3 && text[end - 3] == ' ' && text[end - 2] == 'B' && text[end - 1] == 'C') {
      // Remember the era and parse without it.
      this.end -= 3;
      this.beforeChrist = true;
    } else {
      this.beforeChrist = false;
    }
  }

  private LocalDate date() {
    int year = number(1, 9);
    expect('-');
    int month = number(2, 2);
    expect('-');
    int day = number(2, 2);
    return LocalDate.of(beforeChrist ? 1 - year : year, month, day);
  }

  private LocalDateTime dateTime() {
    LocalDate date = date();
    expect(' ');
    return LocalDateTime.of(date, time());
  }

  private LocalTime time() {
    int hour = number(2, 2);
    expect(':');
    int minute = number(2, 2);
    expect(':');
    int second = number(2, 2);
    int nanos = 0;
    if (position < end && text[position] == '.') {
      position++;
      int start = position;
      nanos = number(1, 9);
      nanos *= POWERS_OF_TEN[9 - (position - start)];
    }
    if (hour == 24 && minute == 0 && second == 0 && nanos == 0) {
      return LocalTime.MAX;
    }
    return LocalTime.of(hour, minute, second, nanos);
  }

  private ZoneOffset offset() {
    if (position >= end || (text[position] != '+' && text[position] != '-')) {
      throw new IllegalArgumentException("missing time zone offset");
    }
    int sign = text[position++] == '-' ? -1 : 1;
    int seconds = number(2, 2) * 3600;
    if (position < end && text[position] == ':') {
      position++;
      seconds += number(2, 2) * 60;
      if (position < end && text[position] == ':') {
        position++;
        seconds += number(2, 2);
      }
    }
    return seconds == 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(sign * seconds);
  }

  private int number(int minDigits, int maxDigits) {
    int start = position;
    int value = 0;
    while (position < end && position - start < maxDigits) {
      int digit = text[position] - '0';
      if (digit < 0 || digit > 9) {
        break;
      }
      value = value * 10 + digit;
      position++;
    }
    if (position - start < minDigits) {
      throw new IllegalArgumentException("expected digits at offset " + (start - end));
    }
    return value;
  }

  private void expect(char c) {
    if (position >= end || text[position] != c) {
      throw new IllegalArgumentException("expected '" + c + "'");
    }
    position++;
  }

  private void finish() {
    if (position != end) {
      throw new IllegalArgumentException("unexpected trailing characters");
    }
    text = EMPTY;
  }

  private static SpecialValue infinity(byte[] bytes, int offset, int length) {
    if (length == 8 && bytes[offset] == 'i') {
      return SpecialValue.POSITIVE_INFINITY;
    }
    if (length == 9 && bytes[offset] == '-' && bytes[offset + 1] == 'i') {
      return SpecialValue.NEGATIVE_INFINITY;
    }
    return null;
  }

  /** Appends {@code date} as PostgreSQL reads it back exactly. */
  static void appendDate(StringBuilder out, LocalDate date) {
    appendDatePart(out, date);
    appendEra(out, date.getYear());
  }

  /** Appends {@code time} with as many fractional digits as it has. */
  static void appendTime(StringBuilder out, LocalTime time) {
    appendTwoDigits(out, time.getHour());
    out.append(':');
    appendTwoDigits(out, time.getMinute());
    out.append(':');
    appendTwoDigits(out, time.getSecond());
    appendFraction(out, time.getNano());
  }

  /** Appends {@code timestamp}; years up to 0 get the {@code BC} suffix. */
  static void appendTimestamp(StringBuilder out, LocalDateTime timestamp) {
    appendDatePart(out, timestamp.toLocalDate());
    out.append(' ');
    appendTime(out, timestamp.toLocalTime());
    appendEra(out, timestamp.getYear());
  }

  /** Appends {@code timestamp} with its offset, for example {@code +00}. */
  static void appendTimestampTz(StringBuilder out, OffsetDateTime timestamp) {
    appendDatePart(out, timestamp.toLocalDate());
    out.append(' ');
    appendTime(out, timestamp.toLocalTime());
    appendOffset(out, timestamp.getOffset().getTotalSeconds());
    appendEra(out, timestamp.getYear());
  }

  private static void appendDatePart(StringBuilder out, LocalDate date) {
    int year = date.getYear();
    int printed = year <= 0 ? 1 - year : year;
    if (printed < 1000) {
      out.append(printed < 10 ? "000" : printed < 100 ? "00" : "0");
    }
    out.append(printed).append('-');
    appendTwoDigits(out, date.getMonthValue());
    out.append('-');
    appendTwoDigits(out, date.getDayOfMonth());
  }

  private static void appendEra(StringBuilder out, int year) {
    if (year <= 0) {
      out.append(" BC");
    }
  }

  private static void appendFraction(StringBuilder out, int nanos) {
    if (nanos == 0) {
      return;
    }
    int digits = 9;
    while (nanos % 10 == 0) {
      nanos /= 10;
      digits--;
    }
    out.append('.');
    for (int i = digits - 1; i > 0 && nanos < POWERS_OF_TEN[i]; i--) {
      out.append('0');
    }
    out.append(nanos);
  }

  private static void appendOffset(StringBuilder out, int totalSeconds) {
    out.append(totalSeconds < 0 ? '-' : '+');
    int seconds = Math.abs(totalSeconds);
    appendTwoDigits(out, seconds / 3600);
    if (seconds % 3600 != 0) {
      out.append(':');
      appendTwoDigits(out, seconds / 60 % 60);
      if (seconds % 60 != 0) {
        out.append(':');
        appendTwoDigits(out, seconds % 60);
      }
    }
  }

  private static void appendTwoDigits(StringBuilder out, int value) {
    out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
