package io.airlock.connectors.external;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Converts between the JSON values of protocol RECORD messages and the Java values of {@link
 * DataType}. A value that does not fit its column fails with the stream, column and record
 * position, never the value.
 *
 * <p>Timestamps with a time zone are read with any ISO-8601 offset, and without one as UTC; a space
 * may stand for the {@code T}. Numbers keep every digit: they are never read into a {@code double}.
 */
final class RecordValues {
  private RecordValues() {}

  /** The value of {@code node} (never Java null unless JSON null or missing) for {@code column}. */
  static Object decode(JsonNode node, Column column, String stream, long record) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    try {
      Object value = decode(node, column.type());
      if (value != null) {
        return value;
      }
    } catch (DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
      // Reported below without the value.
    }
    throw new ConnectorException(
        ConnectorException.Kind.USER,
        "Record "
            + record
            + " of stream "
            + stream
            + " has a JSON "
            + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
            + " in column "
            + column.name()
            + " that is not a valid "
            + column.type().kind()
            + "; fix the source or its schema");
  }

  /** The value, or null when {@code node} has the wrong JSON type. */
  private static Object decode(JsonNode node, DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> node.isBoolean() ? node.booleanValue() : null;
      case INTEGER -> integer(node);
      case DECIMAL -> decimal(node);
      case FLOAT -> node.isNumber() ? node.doubleValue() : null;
      case TEXT -> node.isString() ? node.asString() : node.toString();
      case DATE -> node.isString() ? LocalDate.parse(node.asString()) : null;
      case TIME -> node.isString() ? LocalTime.parse(node.asString()) : null;
      case TIMESTAMP -> node.isString() ? LocalDateTime.parse(isoT(node.asString())) : null;
      case TIMESTAMPTZ -> node.isString() ? timestampTz(node.asString()) : null;
      case BYTES -> node.isString() ? Base64.getDecoder().decode(node.asString()) : null;
      case UUID -> node.isString() ? UUID.fromString(node.asString()) : null;
      case JSON -> new JsonValue(node.toString());
      case ARRAY -> null;
    };
  }

  private static Long integer(JsonNode node) {
    if (node.isNumber()) {
      return node.decimalValue().longValueExact();
    }
    if (node.isString()) {
      return new BigDecimal(node.asString().strip()).longValueExact();
    }
    return null;
  }

  private static Object decimal(JsonNode node) {
    if (node.isNumber()) {
      return node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
    }
    if (node.isString()) {
      return switch (node.asString().strip()) {
        case "NaN" -> SpecialValue.NAN;
        case "Infinity" -> SpecialValue.POSITIVE_INFINITY;
        case "-Infinity" -> SpecialValue.NEGATIVE_INFINITY;
        default -> new BigDecimal(node.asString().strip());
      };
    }
    return null;
  }

  private static OffsetDateTime timestampTz(String text) {
    TemporalAccessor parsed =
        DateTimeFormatter.ISO_DATE_TIME.parseBest(
            isoT(text), OffsetDateTime::from, LocalDateTime::from);
    OffsetDateTime value =
        parsed instanceof OffsetDateTime offset
            ? offset
            : ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
    return value.withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static String isoT(String text) {
    return text.length() > 10 && text.charAt(10) == ' '
        ? text.substring(0, 10) + "T" + text.substring(11)
        : text;
  }

  /**
   * Writes {@code value} as the JSON value of a RECORD's field: numbers as JSON numbers with every
   * digit, NaN and the infinities as the strings {@code NaN}, {@code Infinity}, {@code -Infinity},
   * temporal values in ISO-8601 (seconds always written), bytes in base64, JSON as itself.
   */
  static void encode(JsonGenerator out, Object value) {
    switch (value) {
      case null -> out.writeNull();
      case Boolean b -> out.writeBoolean(b);
      case Long l -> out.writeNumber(l);
      case Integer i -> out.writeNumber(i);
      case BigDecimal d -> out.writeNumber(d.toPlainString());
      case Double d -> writeDouble(out, d);
      case SpecialValue s -> out.writeString(special(s));
      case String s -> out.writeString(s);
      case LocalTime t -> out.writeString(DateTimeFormatter.ISO_LOCAL_TIME.format(t));
      case LocalDateTime t -> out.writeString(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
      case OffsetDateTime t -> out.writeString(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
      case byte[] bytes -> out.writeString(Base64.getEncoder().encodeToString(bytes));
      case JsonValue json -> out.writeTree(Json.MAPPER.readTree(json.json()));
      case List<?> list -> {
        out.writeStartArray();
        list.forEach(element -> encode(out, element));
        out.writeEndArray();
      }
      default -> out.writeString(value.toString());
    }
  }

  private static void writeDouble(JsonGenerator out, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      out.writeString(Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    } else {
      out.writeNumber(value);
    }
  }

  private static String special(SpecialValue value) {
    return switch (value) {
      case NAN -> "NaN";
      case POSITIVE_INFINITY -> "Infinity";
      case NEGATIVE_INFINITY -> "-Infinity";
    };
  }
}
