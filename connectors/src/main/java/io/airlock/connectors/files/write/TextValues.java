package io.airlock.connectors.files.write;

import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.Base64;

/**
 * The text form of scalar values in JSON Lines and CSV files. docs/type-mapping.md lists them:
 *
 * <ul>
 *   <li>decimals in plain notation with every digit ({@code 98765432101.12345678901234});
 *   <li>dates and timestamps in ISO 8601 with astronomical years: year {@code 0000} is 1 BC, {@code
 *       -0043} is 44 BC, years past 9999 carry a {@code +} ({@code +12345-06-07});
 *   <li>timestamps with zone in UTC ending in {@code Z}; fractional seconds only as far as needed;
 *   <li>the markers {@code infinity} and {@code -infinity} for infinite dates and timestamps, and
 *       {@code NaN}, {@code Infinity} and {@code -Infinity} for special numbers;
 *   <li>PostgreSQL's {@code 24:00:00} as {@code 24:00:00};
 *   <li>bytes in standard Base64.
 * </ul>
 */
final class TextValues {
  static final String INFINITY = "infinity";
  static final String NEGATIVE_INFINITY = "-infinity";

  private static final DateTimeFormatter DATE =
      new DateTimeFormatterBuilder()
          .appendValue(ChronoField.YEAR, 4, 10, SignStyle.EXCEEDS_PAD)
          .appendLiteral('-')
          .appendValue(ChronoField.MONTH_OF_YEAR, 2)
          .appendLiteral('-')
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .toFormatter();

  private static final DateTimeFormatter TIME =
      new DateTimeFormatterBuilder()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .toFormatter();

  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder().append(DATE).appendLiteral('T').append(TIME).toFormatter();

  private TextValues() {}

  /** The text of a non-null scalar value of {@code type}. */
  static String text(DataType type, Object value) {
    if (value instanceof SpecialValue special) {
      return special(type, special);
    }
    return switch (type.kind()) {
      case DECIMAL -> ((BigDecimal) value).toPlainString();
      case FLOAT -> floating(type, (Double) value);
      case DATE -> DATE.format((LocalDate) value);
      case TIME -> value.equals(LocalTime.MAX) ? "24:00:00" : TIME.format((LocalTime) value);
      case TIMESTAMP -> TIMESTAMP.format((LocalDateTime) value);
      case TIMESTAMPTZ -> TIMESTAMP.format(((OffsetDateTime) value).toLocalDateTime()) + "Z";
      case BYTES -> Base64.getEncoder().encodeToString((byte[]) value);
      case JSON -> ((JsonValue) value).json();
      default -> value.toString();
    };
  }

  private static String floating(DataType type, Double value) {
    if (value.isNaN()) {
      return "NaN";
    }
    if (value.isInfinite()) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    boolean real = type.width() != null && type.width() == 4;
    return real ? Float.toString((float) (double) value) : Double.toString(value);
  }

  private static String special(DataType type, SpecialValue special) {
    boolean temporal =
        type.kind() == DataType.Kind.DATE
            || type.kind() == DataType.Kind.TIMESTAMP
            || type.kind() == DataType.Kind.TIMESTAMPTZ;
    return switch (special) {
      case POSITIVE_INFINITY -> temporal ? INFINITY : "Infinity";
      case NEGATIVE_INFINITY -> temporal ? NEGATIVE_INFINITY : "-Infinity";
      case NAN -> "NaN";
    };
  }

  /** Whether {@code value} is written as a JSON number (finite numbers only). */
  static boolean isJsonNumber(DataType type, Object value) {
    return switch (type.kind()) {
      case INTEGER, DECIMAL -> !(value instanceof SpecialValue);
      case FLOAT -> !((Double) value).isNaN() && !((Double) value).isInfinite();
      default -> false;
    };
  }
}
