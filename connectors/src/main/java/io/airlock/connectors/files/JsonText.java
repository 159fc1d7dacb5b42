package io.airlock.connectors.files;

import io.airlock.connectors.spi.JsonValue;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes nested values read from a file as JSON text. Numbers keep their exact digits; NaN and the
 * infinities, which JSON cannot hold as numbers, become the strings {@code "NaN"}, {@code
 * "Infinity"} and {@code "-Infinity"}; bytes become base64 strings; dates, times and timestamps
 * become ISO-8601 strings; maps become objects whose keys are the keys' text.
 */
final class JsonText {
  private JsonText() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case Boolean b -> out.append(b);
      case Long l -> out.append(l);
      case Integer i -> out.append(i);
      case BigDecimal d -> out.append(d.toString());
      case Double d -> appendDouble(out, d);
      case JsonValue json -> out.append(json.json());
      case byte[] bytes -> appendString(out, Base64.getEncoder().encodeToString(bytes));
      case List<?> list -> appendList(out, list);
      case Map<?, ?> map -> appendMap(out, map);
      default -> appendString(out, value.toString());
    }
  }

  private static void appendDouble(StringBuilder out, double d) {
    if (Double.isNaN(d)) {
      out.append("\"NaN\"");
    } else if (Double.isInfinite(d)) {
      out.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else {
      out.append(d);
    }
  }

  private static void appendList(StringBuilder out, List<?> list) {
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      append(out, list.get(i));
    }
    out.append(']');
  }

  private static void appendMap(StringBuilder out, Map<?, ?> map) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      appendString(out, key(entry.getKey()));
      out.append(':');
      append(out, entry.getValue());
    }
    out.append('}');
  }

  private static String key(Object key) {
    if (key instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    return String.valueOf(key);
  }

  private static void appendString(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
