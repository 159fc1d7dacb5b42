package io.airlock.connectors.files.write;

import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/**
 * Writes values as JSON: numbers as numbers with every digit, booleans as booleans, JSON documents
 * as themselves (real objects and arrays, not strings), arrays as arrays with their nulls, and
 * everything else as the strings {@link TextValues} gives, including the markers for infinities and
 * NaN.
 */
final class JsonValues {
  private JsonValues() {}

  static void write(JsonGenerator json, DataType type, Object value) {
    if (value == null) {
      json.writeNull();
      return;
    }
    switch (type.kind()) {
      case BOOLEAN -> json.writeBoolean((Boolean) value);
      case JSON -> json.writeRawValue(oneLine(((JsonValue) value).json()));
      case ARRAY -> writeArray(json, type.element(), (List<?>) value);
      default -> {
        String text = TextValues.text(type, value);
        if (TextValues.isJsonNumber(type, value)) {
          json.writeNumber(text);
        } else {
          json.writeString(text);
        }
      }
    }
  }

  private static void writeArray(JsonGenerator json, DataType element, List<?> values) {
    json.writeStartArray();
    for (Object value : values) {
      if (value instanceof List<?> nested && element.kind() != DataType.Kind.ARRAY) {
        writeArray(json, element, nested);
      } else {
        write(json, element, value);
      }
    }
    json.writeEndArray();
  }

  /**
   * A JSON text on one line. Line breaks can only stand between tokens in JSON (inside strings they
   * are escaped), so turning them into spaces keeps the document and its key order.
   */
  static String oneLine(String json) {
    if (json.indexOf('\n') < 0 && json.indexOf('\r') < 0) {
      return json;
    }
    return json.replace('\n', ' ').replace('\r', ' ');
  }
}
