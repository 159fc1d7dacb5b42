package io.airlock.connectors.http;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cursor of one incremental read: where it starts (the saved cursor, else the declared {@code
 * start}) and the greatest cursor read so far, kept as the API's own text so that it goes back to
 * the API unchanged. State is {@code {"cursor_field": …, "cursor": …}}; a state of another cursor
 * field is ignored (the stream starts over).
 */
final class CursorTracker {
  private static final Logger log = LoggerFactory.getLogger(CursorTracker.class);

  private final String stream;
  private final String field;
  private final DataType type;
  private final String startValue;
  private Comparable<Object> greatest;
  private String greatestText;
  private long nulls;

  CursorTracker(String stream, StreamSpec.Incremental incremental, DataType type, String state) {
    this.stream = stream;
    this.field = incremental.cursorField();
    this.type = type;
    String saved = saved(state);
    this.greatestText = saved;
    if (saved != null) {
      this.greatest = savedValue(saved);
    }
    this.startValue = saved != null ? saved : incremental.start();
    log.info(
        "Reading stream {} incrementally by {} from {}",
        stream,
        field,
        saved != null ? "the saved cursor (inclusive)" : "the start");
  }

  String startValue() {
    return startValue;
  }

  /** Takes in the cursor of one record. */
  void see(JsonNode record, long page, int index) {
    JsonNode value = record.get(field);
    if (value == null || value.isNull()) {
      nulls++;
      return;
    }
    Comparable<Object> typed = typed(value, page, index);
    if (greatest == null || typed.compareTo(greatest) > 0) {
      greatest = typed;
      greatestText = JsonRecords.text(value);
    }
  }

  /** The state to mark now, or null when no cursor has been seen or saved. */
  String state() {
    if (greatestText == null) {
      return null;
    }
    ObjectNode node = HttpFetcher.JSON.createObjectNode();
    node.put("cursor_field", field);
    node.put("cursor", greatestText);
    return node.toString();
  }

  void logNulls() {
    if (nulls > 0) {
      log.info("Read {} records of stream {} whose cursor is NULL", nulls, stream);
    }
  }

  private String saved(String state) {
    if (state == null) {
      return null;
    }
    try {
      JsonNode node = HttpFetcher.JSON.readTree(state);
      String savedField = node.path("cursor_field").asString(null);
      String cursor = node.path("cursor").asString(null);
      return field.equals(savedField) ? cursor : null;
    } catch (JacksonException e) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "The saved state of stream " + stream + " is not valid JSON; reset the stream's state");
    }
  }

  @SuppressWarnings("unchecked")
  private Comparable<Object> savedValue(String saved) {
    try {
      Object value =
          type.kind() == DataType.Kind.FLOAT
              ? Double.valueOf(saved)
              : JsonRecords.value(JsonNodeFactory.instance.stringNode(saved), type);
      return (Comparable<Object>) value;
    } catch (RuntimeException e) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "The saved cursor of stream "
              + stream
              + " is not a valid "
              + type.kind().name().toLowerCase(java.util.Locale.ROOT)
              + "; reset the stream's state");
    }
  }

  @SuppressWarnings("unchecked")
  private Comparable<Object> typed(JsonNode value, long page, int index) {
    try {
      return (Comparable<Object>) JsonRecords.value(value, type);
    } catch (RuntimeException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream
              + ", page "
              + page
              + ", record "
              + index
              + ": cursor field "
              + field
              + " is not a valid "
              + type.kind().name().toLowerCase(java.util.Locale.ROOT));
    }
  }
}
