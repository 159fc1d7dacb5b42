package io.airlock.connectors.postgres;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state of an incremental PostgreSQL stream: the cursor column and the greatest cursor value
 * read, in PostgreSQL's own text form, so that it keeps every digit and every microsecond and is
 * read back by the server's own parser ({@code CAST(… AS <column type>)}).
 *
 * @param cursorField the cursor column
 * @param cursor the greatest cursor value committed, as PostgreSQL text
 */
record CursorState(String cursorField, String cursor) {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  CursorState {
    requireNonNull(cursorField, "cursorField is null");
    requireNonNull(cursor, "cursor is null");
  }

  /**
   * The state in {@code json} when it follows {@code cursorField}; empty for no state or a state of
   * another cursor column (the cursor was changed: the stream starts over).
   */
  static Optional<CursorState> parse(String json, String cursorField, String stream) {
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

  String json() {
    ObjectNode node = JSON.createObjectNode();
    node.put("cursor_field", cursorField);
    node.put("cursor", cursor);
    return node.toString();
  }

  /** PostgreSQL's text for a cursor value, as its input function reads it back exactly. */
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
