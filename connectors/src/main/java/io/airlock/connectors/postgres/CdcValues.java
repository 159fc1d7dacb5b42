package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;

/**
 * Converts the values of change events into the Java classes {@link DataType} fixes, exactly: the
 * engine sends numeric as text ({@code decimal.handling.mode=string}), time and timestamps as
 * microseconds or milliseconds by their declared precision ({@code adaptive_time_microseconds}),
 * timestamptz as ISO text, bytea as bytes and json as its text.
 */
final class CdcValues {
  private CdcValues() {}

  /** The value of {@code column} in an event, whose field has {@code schema}. */
  static Object convert(Column column, Schema schema, Object value, String table) {
    if (value == null) {
      return null;
    }
    try {
      return convert(column.type(), schema, value);
    } catch (RuntimeException e) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Cannot convert a change of column "
              + column.name()
              + " of table "
              + table
              + " (a "
              + value.getClass().getSimpleName()
              + " for "
              + column.type().kind()
              + "); report it with the column's type",
          e);
    }
  }

  private static Object convert(DataType type, Schema schema, Object value) {
    return switch (type.kind()) {
      case BOOLEAN -> (Boolean) value;
      case INTEGER -> ((Number) value).longValue();
      case FLOAT -> floating(value);
      case DECIMAL -> decimal(value);
      case TEXT -> text(value);
      case DATE -> LocalDate.ofEpochDay(((Number) value).longValue());
      case TIME -> time(schema, ((Number) value).longValue());
      case TIMESTAMP -> timestamp(schema, ((Number) value).longValue());
      case TIMESTAMPTZ ->
          OffsetDateTime.parse((String) value).withOffsetSameInstant(ZoneOffset.UTC);
      case BYTES -> bytes(value);
      case JSON -> json((String) value);
      case UUID -> UUID.fromString((String) value);
      case ARRAY -> array(type.element(), schema, (List<?>) value);
    };
  }

  private static Double floating(Object value) {
    if (value instanceof Float f) {
      // The float's shortest text, as the standard read parses real columns.
      return Double.valueOf(Float.toString(f));
    }
    return ((Number) value).doubleValue();
  }

  private static Object decimal(Object value) {
    String text = value.toString();
    return switch (text) {
      case "NaN" -> SpecialValue.NAN;
      case "Infinity" -> SpecialValue.POSITIVE_INFINITY;
      case "-Infinity" -> SpecialValue.NEGATIVE_INFINITY;
      default -> new BigDecimal(text);
    };
  }

  private static String text(Object value) {
    if (value instanceof ByteBuffer || value instanceof byte[]) {
      return new String(bytes(value), StandardCharsets.UTF_8);
    }
    return value.toString();
  }

  private static LocalTime time(Schema schema, long value) {
    String name = schema.name() == null ? "" : schema.name();
    return switch (name) {
      case "io.debezium.time.Time" -> LocalTime.ofNanoOfDay(value * 1_000_000L);
      case "io.debezium.time.NanoTime" -> LocalTime.ofNanoOfDay(value);
      default -> LocalTime.ofNanoOfDay(value * 1_000L);
    };
  }

  // Infinite and BC timestamps are not mapped to SpecialValue or checked yet (issue #3).
  private static LocalDateTime timestamp(Schema schema, long value) {
    String name = schema.name() == null ? "" : schema.name();
    Instant instant =
        switch (name) {
          case "io.debezium.time.Timestamp" -> Instant.ofEpochMilli(value);
          case "io.debezium.time.NanoTimestamp" ->
              Instant.ofEpochSecond(
                  Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
          default ->
              Instant.ofEpochSecond(
                  Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
        };
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static byte[] bytes(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    ByteBuffer buffer = ((ByteBuffer) value).duplicate();
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  /** JSON as its text; the unchanged-value placeholder travels as a JSON string. */
  private static JsonValue json(String value) {
    if (value.equals(CdcColumns.UNCHANGED_TOAST)) {
      return new JsonValue("\"" + CdcColumns.UNCHANGED_TOAST + "\"");
    }
    return new JsonValue(value);
  }

  // An array's unchanged out-of-line value is not recognised as the placeholder yet (issue #3).
  private static List<Object> array(DataType element, Schema schema, List<?> values) {
    Schema elementSchema = schema.valueSchema();
    List<Object> out = new ArrayList<>(values.size());
    for (Object value : values) {
      out.add(value == null ? null : convert(element, elementSchema, value));
    }
    return out;
  }
}
