package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/** PostgreSQL's text for a cursor value, as its input function reads it back exactly. */
final class PostgresCursorText {
  private PostgresCursorText() {}

  static String text(Object value) {
    StringBuilder out = new StringBuilder(32);
    switch (value) {
      case Long l -> out.append(l.longValue());
      case BigDecimal d -> out.append(d.toPlainString());
      case Double d -> out.append(doubleText(d));
      case LocalDate d -> PgTemporalText.appendDate(out, d);
      case LocalDateTime t -> PgTemporalText.appendTimestamp(out, t);
      case OffsetDateTime t -> PgTemporalText.appendTimestampTz(out, t);
      case SpecialValue s -> out.append(specialText(s));
      default ->
          throw new ConnectorException(
              ConnectorException.Kind.INTERNAL,
              "A cursor value of class " + value.getClass().getSimpleName() + " is not supported");
    }
    return out.toString();
  }

  private static String doubleText(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return Double.toString(d);
  }

  /** Spellings both numeric and the date/time types read. */
  private static String specialText(SpecialValue value) {
    return switch (value) {
      case NAN -> "NaN";
      case POSITIVE_INFINITY -> "infinity";
      case NEGATIVE_INFINITY -> "-infinity";
    };
  }
}
