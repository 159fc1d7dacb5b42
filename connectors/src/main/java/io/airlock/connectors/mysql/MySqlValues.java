package io.airlock.connectors.mysql;

import io.airlock.connectors.mysql.MySqlCatalog.Read;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Turns the values of a MySQL or MariaDB result row into the Java classes {@link
 * io.airlock.connectors.spi.DataType} names. Values are read from the text protocol and parsed
 * here, so no driver conversion decides what a zero date or a long {@code TIME} becomes.
 *
 * <p><b>The one rule for values without a counterpart.</b> MySQL and MariaDB accept temporal values
 * that no calendar or clock has: zero dates ({@code 0000-00-00}), dates with a zero year, month or
 * day ({@code 2021-00-00}, {@code 0000-05-12}), days past the end of a month (stored under {@code
 * ALLOW_INVALID_DATES}), and {@code TIME} values outside one day (negative, or 24 hours and more,
 * up to {@code ±838:59:59}). Each such value is read as NULL and counted; the reader logs the count
 * per column at the end of the stream, as a decision. No value is ever invented for them (no {@code
 * 0001-01-01}, no wrap-around of hours).
 */
final class MySqlValues {
  /** A value that this class reads as NULL under the rule above. */
  static final Object NO_COUNTERPART = new Object();

  private MySqlValues() {}

  /**
   * The select-list expression that fetches {@code quotedColumn} for {@code read}: temporal columns
   * as text (so zero dates arrive as they are), {@code FLOAT} widened to {@code DOUBLE} (its text
   * form keeps only six digits, the widened double is exact).
   */
  static String selectExpression(String quotedColumn, Read read) {
    return switch (read) {
      case DATE, DATETIME, TIMESTAMP, TIME -> "CAST(" + quotedColumn + " AS CHAR)";
      case FLOAT -> "CAST(" + quotedColumn + " AS DOUBLE)";
      default -> quotedColumn;
    };
  }

  /**
   * The value at {@code index} of the current row: null for NULL, {@link #NO_COUNTERPART} for a
   * value the rule above reads as NULL.
   */
  static Object read(ResultSet rows, int index, Read read) throws SQLException {
    if (read == Read.BYTES || read == Read.BIT_BOOLEAN) {
      byte[] bytes = rows.getBytes(index);
      if (bytes == null) {
        return null;
      }
      return read == Read.BYTES ? bytes : bitBoolean(bytes);
    }
    String text = rows.getString(index);
    if (text == null) {
      return null;
    }
    return switch (read) {
      case INTEGER -> Long.parseLong(text);
      case UNSIGNED_BIGINT, DECIMAL -> new BigDecimal(text);
      case FLOAT, DOUBLE -> Double.parseDouble(text);
      case TEXT -> text;
      case JSON -> new JsonValue(text);
      case UUID -> java.util.UUID.fromString(text);
      case DATE -> date(text);
      case DATETIME -> dateTime(text);
      case TIMESTAMP -> timestamp(text);
      case TIME -> time(text);
      case BYTES, BIT_BOOLEAN -> throw new IllegalStateException("handled above");
    };
  }

  /**
   * A {@code CHAR(n)} value blank-padded to its n characters. MySQL stores {@code CHAR(n)} padded
   * but strips the padding when it returns a value (unless {@code PAD_CHAR_TO_FULL_LENGTH}, which
   * MySQL 8 deprecates), so the value travels as the padded text its {@code DataType} promises and
   * reaches every destination as PostgreSQL's {@code character(n)} would deliver it.
   */
  static Object padded(Object value, DataType type) {
    if (!(value instanceof String text) || !type.fixedLength()) {
      return value;
    }
    int missing = type.length() - text.codePointCount(0, text.length());
    return missing > 0 ? text + " ".repeat(missing) : text;
  }

  private static Boolean bitBoolean(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return Boolean.TRUE;
      }
    }
    return Boolean.FALSE;
  }

  /** {@code YYYY-MM-DD}; a date with a zero part, or not on the calendar, has no counterpart. */
  static Object date(String text) {
    if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
      throw new IllegalArgumentException("Unexpected DATE text form");
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    if (year == 0) {
      // MySQL's year 0000 means "unknown year" in practice (a zero part, as month 00), not 1 BC.
      return NO_COUNTERPART;
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return NO_COUNTERPART;
    }
  }

  /** {@code YYYY-MM-DD hh:mm:ss[.ffffff]}; a zero or invalid date has no counterpart. */
  static Object dateTime(String text) {
    if (text.length() < 19 || text.charAt(10) != ' ') {
      throw new IllegalArgumentException("Unexpected DATETIME text form");
    }
    Object date = date(text.substring(0, 10));
    if (date == NO_COUNTERPART) {
      return NO_COUNTERPART;
    }
    LocalTime time =
        LocalTime.of(
            digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19), nanos(text, 19));
    return LocalDateTime.of((LocalDate) date, time);
  }

  /** A {@code TIMESTAMP} read in a UTC session, as an instant in UTC. */
  static Object timestamp(String text) {
    Object local = dateTime(text);
    if (local == NO_COUNTERPART) {
      return NO_COUNTERPART;
    }
    return ((LocalDateTime) local).atOffset(ZoneOffset.UTC);
  }

  /** {@code [-]h+:mm:ss[.ffffff]}; outside {@code [00:00:00, 24:00:00)} it has no counterpart. */
  static Object time(String text) {
    if (text.startsWith("-")) {
      return NO_COUNTERPART;
    }
    int colon = text.indexOf(':');
    if (colon < 1 || text.length() < colon + 6) {
      throw new IllegalArgumentException("Unexpected TIME text form");
    }
    int hours = digits(text, 0, colon);
    if (hours > 23) {
      return NO_COUNTERPART;
    }
    return LocalTime.of(
        hours,
        digits(text, colon + 1, colon + 3),
        digits(text, colon + 4, colon + 6),
        nanos(text, colon + 6));
  }

  /** The fraction {@code .ffffff} starting at {@code dot}, in nanoseconds; 0 when absent. */
  private static int nanos(String text, int dot) {
    if (dot >= text.length()) {
      return 0;
    }
    if (text.charAt(dot) != '.') {
      throw new IllegalArgumentException("Unexpected fractional-second text form");
    }
    int digits = text.length() - dot - 1;
    if (digits < 1 || digits > 9) {
      throw new IllegalArgumentException("Unexpected fractional-second text form");
    }
    int value = digits(text, dot + 1, text.length());
    for (int i = digits; i < 9; i++) {
      value *= 10;
    }
    return value;
  }

  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("Unexpected digit in temporal text form");
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
