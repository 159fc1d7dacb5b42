package io.airlock.connectors.datasets;

import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One exact text per value, keyed by the type the source declared, whichever form a destination
 * hands the value back in: the source's own Java class, a JDBC driver's class, or the JSON a
 * destination wrote. Nothing is rounded or trimmed: decimals keep every digit (trailing zeros do
 * not count), floats keep every bit, times and timestamps every digit, bytes every byte, JSON its
 * structure with exact numbers (key order does not count, as in {@code jsonb}).
 *
 * <p>A destination's documented representation (docs/type-mapping.md) is converted back here, never
 * approximated: MySQL's {@code tinyint(1)} 0/1 for BOOLEAN, {@code datetime} holding UTC for
 * TIMESTAMPTZ, {@code char(36)} for UUID, a JSON array for ARRAY; JSON Lines' ISO texts for
 * temporal values, Base64 for bytes and the strings {@code "NaN"}, {@code "Infinity"} for special
 * numbers. A value that cannot be converted exactly fails the comparison.
 */
final class CanonicalValues {
  static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private CanonicalValues() {}

  /**
   * The canonical text of {@code value}, a value of a column the source declared as {@code type}.
   */
  static String of(DataType type, Object value) {
    if (value == null || value instanceof JsonNode node && node.isNull()) {
      return "NULL";
    }
    return switch (type.kind()) {
      case BOOLEAN -> bool(value);
      case INTEGER -> integer(value).toString();
      case DECIMAL -> decimal(value);
      case FLOAT -> floating(type, value);
      case TEXT -> "'" + text(value) + "'";
      case DATE -> date(value);
      case TIME ->
          value instanceof LocalTime t ? t.toString() : LocalTime.parse(text(value)).toString();
      case TIMESTAMP -> timestamp(value);
      case TIMESTAMPTZ -> timestamptz(value);
      case BYTES -> "\\x" + HexFormat.of().formatHex(bytes(value));
      case JSON -> json(document(value));
      case UUID -> UUID.fromString(text(value)).toString();
      case ARRAY -> array(type.element(), value);
    };
  }

  private static String bool(Object value) {
    return switch (value) {
      case Boolean b -> b.toString();
      case JsonNode node when node.isBoolean() -> Boolean.toString(node.booleanValue());
      case Number n when n.longValue() == 0 || n.longValue() == 1 ->
          Boolean.toString(n.longValue() == 1);
      default -> throw unexpected("BOOLEAN", value);
    };
  }

  private static BigInteger integer(Object value) {
    return switch (value) {
      case Long n -> BigInteger.valueOf(n);
      case Integer n -> BigInteger.valueOf(n);
      case Short n -> BigInteger.valueOf(n);
      case Byte n -> BigInteger.valueOf(n);
      case BigInteger n -> n;
      case BigDecimal n -> n.toBigIntegerExact();
      case JsonNode node when node.isIntegralNumber() -> node.bigIntegerValue();
      default -> throw unexpected("INTEGER", value);
    };
  }

  private static String decimal(Object value) {
    return switch (value) {
      case SpecialValue special -> special.name();
      case BigDecimal n -> plain(n);
      case Long n -> plain(BigDecimal.valueOf(n));
      case BigInteger n -> plain(new BigDecimal(n));
      case JsonNode node when node.isNumber() -> plain(node.decimalValue());
      case JsonNode node when node.isString() -> special(node.stringValue());
      case String text -> special(text);
      default -> throw unexpected("DECIMAL", value);
    };
  }

  private static String special(String text) {
    return switch (text) {
      case "NaN" -> SpecialValue.NAN.name();
      case "Infinity" -> SpecialValue.POSITIVE_INFINITY.name();
      case "-Infinity" -> SpecialValue.NEGATIVE_INFINITY.name();
      default -> plain(new BigDecimal(text));
    };
  }

  private static String plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.signum() == 0 ? "0" : stripped.toPlainString();
  }

  /**
   * A 4-byte float is compared as the float it is: sources widen it to a double either exactly
   * ({@code 1.100000023841858}) or through its shortest text ({@code 1.1}), and both name the same
   * float. An 8-byte float keeps every bit.
   */
  private static String floating(DataType type, Object value) {
    double number =
        switch (value) {
          case Double d -> d;
          case Float f -> f;
          case JsonNode node when node.isNumber() -> node.decimalValue().doubleValue();
          case JsonNode node when node.isString() -> Double.parseDouble(node.stringValue());
          default -> throw unexpected("FLOAT", value);
        };
    if (type.width() != null && type.width() == 4) {
      return "real:" + (float) number;
    }
    return "double:" + number;
  }

  private static String text(Object value) {
    return switch (value) {
      case String s -> s;
      case JsonNode node when node.isString() -> node.stringValue();
      case UUID uuid -> uuid.toString();
      default -> throw unexpected("text", value);
    };
  }

  private static String date(Object value) {
    return switch (value) {
      case SpecialValue special -> special.name();
      case LocalDate d -> d.toString();
      case JsonNode node when node.isString() -> date(node.stringValue());
      case String text -> infinity(text, () -> LocalDate.parse(text).toString());
      default -> throw unexpected("DATE", value);
    };
  }

  private static String timestamp(Object value) {
    return switch (value) {
      case SpecialValue special -> special.name();
      case LocalDateTime t -> t.toString();
      case JsonNode node when node.isString() -> timestamp(node.stringValue());
      case String text -> infinity(text, () -> LocalDateTime.parse(text).toString());
      default -> throw unexpected("TIMESTAMP", value);
    };
  }

  /** An instant; MySQL's {@code datetime} holding UTC (docs/type-mapping.md) is read as UTC. */
  private static String timestamptz(Object value) {
    return switch (value) {
      case SpecialValue special -> special.name();
      case OffsetDateTime t -> t.toInstant().toString();
      case Instant t -> t.toString();
      case LocalDateTime t -> t.toInstant(ZoneOffset.UTC).toString();
      case JsonNode node when node.isString() -> timestamptz(node.stringValue());
      case String text -> infinity(text, () -> OffsetDateTime.parse(text).toInstant().toString());
      default -> throw unexpected("TIMESTAMPTZ", value);
    };
  }

  private static String infinity(String text, java.util.function.Supplier<String> parsed) {
    return switch (text) {
      case "infinity" -> SpecialValue.POSITIVE_INFINITY.name();
      case "-infinity" -> SpecialValue.NEGATIVE_INFINITY.name();
      default -> parsed.get();
    };
  }

  private static byte[] bytes(Object value) {
    return switch (value) {
      case byte[] b -> b;
      case JsonNode node when node.isString() -> Base64.getDecoder().decode(node.stringValue());
      case String base64 -> Base64.getDecoder().decode(base64);
      default -> throw unexpected("BYTES", value);
    };
  }

  private static JsonNode document(Object value) {
    return switch (value) {
      case JsonValue json -> JSON.readTree(json.json());
      case String text -> JSON.readTree(text);
      case JsonNode node -> node;
      default -> throw unexpected("JSON", value);
    };
  }

  /** JSON with keys sorted and numbers by exact value. */
  static String json(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, String> sorted = new TreeMap<>();
      node.properties().forEach(e -> sorted.put(e.getKey(), json(e.getValue())));
      return sorted.toString();
    }
    if (node.isArray()) {
      List<String> elements = new ArrayList<>();
      node.values().forEach(e -> elements.add(json(e)));
      return elements.toString();
    }
    if (node.isNumber()) {
      return "n:" + plain(node.decimalValue());
    }
    return node.toString();
  }

  /** Elements in order with their NULLs; MySQL holds an array as a JSON array. */
  private static String array(DataType element, Object value) {
    List<String> elements = new ArrayList<>();
    switch (value) {
      case List<?> list -> list.forEach(e -> elements.add(of(element, e)));
      case Object[] array -> {
        for (Object e : array) {
          elements.add(of(element, e));
        }
      }
      case Array array -> {
        return array(element, sqlArray(array));
      }
      case JsonValue json ->
          JSON.readTree(json.json()).values().forEach(e -> elements.add(of(element, e)));
      case String json -> JSON.readTree(json).values().forEach(e -> elements.add(of(element, e)));
      case JsonNode node when node.isArray() ->
          node.values().forEach(e -> elements.add(of(element, e)));
      default -> throw unexpected("ARRAY", value);
    }
    return elements.toString();
  }

  private static Object[] sqlArray(Array array) {
    try {
      return (Object[]) array.getArray();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read an array value", e);
    }
  }

  private static AssertionError unexpected(String kind, Object value) {
    return new AssertionError(
        "A " + kind + " column holds a " + value.getClass().getName().toLowerCase(Locale.ROOT));
  }
}
