package io.airlock.connectors.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state of a stream read incrementally by a cursor column, as the SQL sources keep it: the
 * cursor column and the greatest cursor value read, as the database's own text for it, so that it
 * keeps every digit and every microsecond and is read back by the server's own parser.
 *
 * @param cursorField the cursor column
 * @param cursor the greatest cursor value committed, as the database's text
 */
public record CursorState(String cursorField, String cursor) {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  public CursorState {
    requireNonNull(cursorField, "cursorField is null");
    requireNonNull(cursor, "cursor is null");
  }

  /**
   * The state in {@code json} when it follows {@code cursorField}; empty for no state or a state of
   * another cursor column (the cursor was changed: the stream starts over).
   */
  public static Optional<CursorState> parse(String json, String cursorField, String stream) {
    if (json == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(json);
      String field = node.path("cursor_field").asString(null);
      String cursor = node.path("cursor").asString(null);
      if (field == null || cursor == null || !field.equals(cursorField)) {
        return Optional.empty();
      }
      return Optional.of(new CursorState(field, cursor));
    } catch (JacksonException e) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "The saved state of stream " + stream + " is not valid JSON; reset the stream's state");
    }
  }

  public String json() {
    ObjectNode node = JSON.createObjectNode();
    node.put("cursor_field", cursorField);
    node.put("cursor", cursor);
    return node.toString();
  }
}
