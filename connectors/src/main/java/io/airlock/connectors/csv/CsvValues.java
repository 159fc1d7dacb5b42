package io.airlock.connectors.csv;

import io.airlock.connectors.spi.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Recognises and converts the value forms a CSV column can be inferred as. */
final class CsvValues {
  static final int NOT_A_NUMBER = 0;
  static final int INTEGER_NUMBER = 1;
  static final int DECIMAL_NUMBER = 2;

  private CsvValues() {}

  /**
   * {@link #INTEGER_NUMBER} for {@code -?digits}, {@link #DECIMAL_NUMBER} for {@code
   * -?digits.digits}, else {@link #NOT_A_NUMBER}. A leading zero before another digit ({@code 007},
   * {@code 00.5}) is not a number: such values are codes.
   */
  static int numberShape(String value) {
    int length = value.length();
    int position = value.charAt(0) == '-' ? 1 : 0;
    int integerStart = position;
    while (position < length && isDigit(value.charAt(position))) {
      position++;
    }
    int integerDigits = position - integerStart;
    if (integerDigits == 0 || (integerDigits > 1 && value.charAt(integerStart) == '0')) {
      return NOT_A_NUMBER;
    }
    if (position == length) {
      return INTEGER_NUMBER;
    }
    if (value.charAt(position) != '.' || position == length - 1) {
      return NOT_A_NUMBER;
    }
    for (position++; position < length; position++) {
      if (!isDigit(value.charAt(position))) {
        return NOT_A_NUMBER;
      }
    }
    return DECIMAL_NUMBER;
  }

  static boolean fitsLong(String value) {
    int digits = value.charAt(0) == '-' ? value.length() - 1 : value.length();
    if (digits < 19) {
      return true;
    }
    try {
      Long.parseLong(value);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static boolean looksLikeDate(String value) {
    return value.length() == 10 && datePrefix(value);
  }

  static boolean looksLikeTimestamp(String value) {
    return value.length() >= 16 && value.charAt(10) == 'T' && datePrefix(value);
  }

  /** Whether an ISO timestamp ends with {@code Z} or a {@code ±hh:mm} offset. */
  static boolean hasOffset(String value) {
    char last = value.charAt(value.length() - 1);
    if (last == 'Z' || last == 'z') {
      return true;
    }
    for (int i = value.length() - 1; i > 10; i--) {
      char c = value.charAt(i);
      if (c == '+' || c == '-') {
        return true;
      }
    }
    return false;
  }

  static LocalDate date(String value) {
    return LocalDate.of(
        Integer.parseInt(value, 0, 4, 10),
        Integer.parseInt(value, 5, 7, 10),
        Integer.parseInt(value, 8, 10, 10));
  }

  /**
   * Converts a non-empty value to the Java class {@code type} names.
   *
   * @throws IllegalArgumentException or {@link java.time.DateTimeException} when it does not fit
   */
  static Object convert(String value, DataType type) {
    return switch (type.kind()) {
      case TEXT -> value;
      case INTEGER -> Long.valueOf(value);
      case DECIMAL -> new BigDecimal(value);
      case BOOLEAN -> bool(value);
      case DATE -> date(value);
      case TIMESTAMP -> LocalDateTime.parse(value);
      case TIMESTAMPTZ -> OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
      default -> throw new IllegalArgumentException("CSV columns cannot be of type " + type.kind());
    };
  }

  private static Boolean bool(String value) {
    if (value.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (value.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException("not a boolean");
  }

  private static boolean datePrefix(String value) {
    return value.charAt(4) == '-'
        && value.charAt(7) == '-'
        && isDigit(value.charAt(0))
        && isDigit(value.charAt(1))
        && isDigit(value.charAt(2))
        && isDigit(value.charAt(3))
        && isDigit(value.charAt(5))
        && isDigit(value.charAt(6))
        && isDigit(value.charAt(8))
        && isDigit(value.charAt(9));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
