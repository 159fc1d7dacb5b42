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
 * Values are written digit by digit straight into a byte array, the COPY buffer, with no
 * intermediate string.
 */
final class PgTemporalText {
  /** The most bytes the {@code write…} methods produce for one value. */
  static final int MAX_TEXT_BYTES = 64;

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
    int month = twoDigits();
    expect('-');
    int day = twoDigits();
    return LocalDate.of(beforeChrist ? 1 - year : year, month, day);
  }

  private LocalDateTime dateTime() {
    LocalDate date = date();
    expect(' ');
    return LocalDateTime.of(date, time());
  }

  private LocalTime time() {
    int hour = twoDigits();
    expect(':');
    int minute = twoDigits();
    expect(':');
    int second = twoDigits();
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
    int seconds = twoDigits() * 3600;
    if (position < end && text[position] == ':') {
      position++;
      seconds += twoDigits() * 60;
      if (position < end && text[position] == ':') {
        position++;
        seconds += twoDigits();
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

  /** Exactly two digits, as {@code number(2, 2)} reads them, without its loop. */
  private int twoDigits() {
    int tens = position < end ? text[position] - '0' : -1;
    int ones = position + 1 < end ? text[position + 1] - '0' : -1;
    if (tens < 0 || tens > 9 || ones < 0 || ones > 9) {
      return number(2, 2);
    }
    position += 2;
    return tens * 10 + ones;
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

  /**
   * Writes {@code date} as PostgreSQL reads it back exactly.
   *
   * @return the position after the last byte written; {@code out} must have room for {@link
   *     #MAX_TEXT_BYTES} bytes from {@code position}
   */
  static int writeDate(byte[] out, int position, LocalDate date) {
    int p = writeDatePart(out, position, date);
    return writeEra(out, p, date.getYear());
  }

  /** Writes {@code time} with as many fractional digits as it has; see {@link #writeDate}. */
  static int writeTime(byte[] out, int position, LocalTime time) {
    return writeTimePart(out, position, time);
  }

  /** Writes {@code timestamp}; years up to 0 get the {@code BC} suffix; see {@link #writeDate}. */
  static int writeTimestamp(byte[] out, int position, LocalDateTime timestamp) {
    int p = writeDateTimePart(out, position, timestamp);
    return writeEra(out, p, timestamp.getYear());
  }

  /** Writes {@code timestamp} with its offset, for example {@code +00}; see {@link #writeDate}. */
  static int writeTimestampTz(byte[] out, int position, OffsetDateTime timestamp) {
    int p = writeDateTimePart(out, position, timestamp.toLocalDateTime());
    p = writeOffset(out, p, timestamp.getOffset().getTotalSeconds());
    return writeEra(out, p, timestamp.getYear());
  }

  /** Appends {@code date} as {@link #writeDate} writes it. */
  static void appendDate(StringBuilder out, LocalDate date) {
    byte[] text = new byte[MAX_TEXT_BYTES];
    appendAscii(out, text, writeDate(text, 0, date));
  }

  /** Appends {@code time} as {@link #writeTime} writes it. */
  static void appendTime(StringBuilder out, LocalTime time) {
    byte[] text = new byte[MAX_TEXT_BYTES];
    appendAscii(out, text, writeTime(text, 0, time));
  }

  /** Appends {@code timestamp} as {@link #writeTimestamp} writes it. */
  static void appendTimestamp(StringBuilder out, LocalDateTime timestamp) {
    byte[] text = new byte[MAX_TEXT_BYTES];
    appendAscii(out, text, writeTimestamp(text, 0, timestamp));
  }

  /** Appends {@code timestamp} as {@link #writeTimestampTz} writes it. */
  static void appendTimestampTz(StringBuilder out, OffsetDateTime timestamp) {
    byte[] text = new byte[MAX_TEXT_BYTES];
    appendAscii(out, text, writeTimestampTz(text, 0, timestamp));
  }

  private static void appendAscii(StringBuilder out, byte[] text, int length) {
    for (int i = 0; i < length; i++) {
      out.append((char) text[i]);
    }
  }

  /** Years up to 0 are printed as {@code 1 - year} (with the era suffix), at least four digits. */
  private static int writeDatePart(byte[] out, int p, LocalDate date) {
    int year = date.getYear();
    p = writeDigits(out, p, year <= 0 ? 1 - year : year, 4);
    out[p++] = '-';
    p = writeTwoDigits(out, p, date.getMonthValue());
    out[p++] = '-';
    return writeTwoDigits(out, p, date.getDayOfMonth());
  }

  private static int writeTimePart(byte[] out, int p, LocalTime time) {
    p = writeTwoDigits(out, p, time.getHour());
    out[p++] = ':';
    p = writeTwoDigits(out, p, time.getMinute());
    out[p++] = ':';
    p = writeTwoDigits(out, p, time.getSecond());
    return writeFraction(out, p, time.getNano());
  }

  private static int writeDateTimePart(byte[] out, int p, LocalDateTime dateTime) {
    p = writeDatePart(out, p, dateTime.toLocalDate());
    out[p++] = ' ';
    return writeTimePart(out, p, dateTime.toLocalTime());
  }

  private static int writeEra(byte[] out, int p, int year) {
    if (year > 0) {
      return p;
    }
    out[p++] = ' ';
    out[p++] = 'B';
    out[p++] = 'C';
    return p;
  }

  /** Writes {@code .} and the fraction without trailing zeros; nothing for a whole second. */
  private static int writeFraction(byte[] out, int p, int nanos) {
    if (nanos == 0) {
      return p;
    }
    int digits = 9;
    while (nanos % 10 == 0) {
      nanos /= 10;
      digits--;
    }
    out[p++] = '.';
    return writeDigits(out, p, nanos, digits);
  }

  private static int writeOffset(byte[] out, int p, int totalSeconds) {
    out[p++] = (byte) (totalSeconds < 0 ? '-' : '+');
    int seconds = Math.abs(totalSeconds);
    p = writeTwoDigits(out, p, seconds / 3600);
    if (seconds % 3600 != 0) {
      out[p++] = ':';
      p = writeTwoDigits(out, p, seconds / 60 % 60);
      if (seconds % 60 != 0) {
        out[p++] = ':';
        p = writeTwoDigits(out, p, seconds % 60);
      }
    }
    return p;
  }

  /** Writes the non-negative {@code value}, left-padded with zeros to {@code minDigits}. */
  private static int writeDigits(byte[] out, int p, int value, int minDigits) {
    int digits = 1;
    while (digits < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[digits]) {
      digits++;
    }
    digits = Math.max(digits, minDigits);
    int end = p + digits;
    for (int i = end - 1; i >= p; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return end;
  }

  private static int writeTwoDigits(byte[] out, int p, int value) {
    out[p] = (byte) ('0' + value / 10);
    out[p + 1] = (byte) ('0' + value % 10);
    return p + 2;
  }
}
