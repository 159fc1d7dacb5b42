package io.airlock.dataplane.mappers;

import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The text a value is hashed as. It is what a user sees for the value, so anyone holding the key
 * can recompute a hash from the source data:
 *
 * <ul>
 *   <li>TEXT: the string as is;
 *   <li>INTEGER: decimal digits, with {@code -} when negative ({@code 42}, {@code -7});
 *   <li>DECIMAL: {@link BigDecimal#toPlainString()}, keeping the scale ({@code 1.50}, never {@code
 *       1.5E+1});
 *   <li>FLOAT: {@link Double#toString(double)} ({@code 0.1}, {@code 1.0E10}, {@code NaN});
 *   <li>BOOLEAN: {@code true} or {@code false};
 *   <li>DATE, TIME, TIMESTAMP: ISO-8601 ({@code 2024-02-29}, {@code 13:05:00}, {@code
 *       2024-02-29T13:05:00.123456}), seconds always shown, fraction only when not zero;
 *   <li>TIMESTAMPTZ: ISO-8601 with offset, {@code Z} for UTC ({@code 2024-02-29T13:05:00Z});
 *   <li>UUID: lower-case with hyphens;
 *   <li>JSON: the document's exact text;
 *   <li>special values: {@code Infinity}, {@code -Infinity}, {@code NaN}.
 * </ul>
 *
 * <p>BYTES are hashed as their raw bytes, not as text. ARRAY values cannot be hashed.
 */
public final class CanonicalText {
  private CanonicalText() {}

  /** The canonical text of a non-null value that is neither a String, a Long nor a byte[]. */
  public static String of(Object value) {
    return switch (value) {
      case String text -> text;
      case Long number -> Long.toString(number);
      case Integer number -> Integer.toString(number);
      case BigDecimal decimal -> decimal.toPlainString();
      case Double number -> Double.toString(number);
      case Float number -> Float.toString(number);
      case Boolean bool -> bool.toString();
      case LocalDate date -> DateTimeFormatter.ISO_LOCAL_DATE.format(date);
      case LocalTime time -> DateTimeFormatter.ISO_LOCAL_TIME.format(time);
      case LocalDateTime dateTime -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime);
      case OffsetDateTime dateTime -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dateTime);
      case UUID uuid -> uuid.toString();
      case JsonValue json -> json.json();
      case SpecialValue special -> special(special);
      default ->
          throw new IllegalArgumentException(
              "Cannot hash a value of class " + value.getClass().getSimpleName());
    };
  }

  private static String special(SpecialValue value) {
    return switch (value) {
      case POSITIVE_INFINITY -> "Infinity";
      case NEGATIVE_INFINITY -> "-Infinity";
      case NAN -> "NaN";
    };
  }
}
