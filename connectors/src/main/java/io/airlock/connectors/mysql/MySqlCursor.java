package io.airlock.connectors.mysql;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The cursor of an incremental MySQL read: its value as MySQL text (kept in the state), and the
 * type the saved text is cast to for the comparison, so that a decimal is compared as a decimal and
 * a datetime to the microsecond, not as a double or a string.
 */
final class MySqlCursor {
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private MySqlCursor() {}

  /** MySQL's text for a cursor value; datetimes of {@code TIMESTAMP} columns in UTC. */
  static String text(Object value) {
    return switch (value) {
      case Long l -> l.toString();
      case BigDecimal d -> d.toPlainString();
      case Double d -> d.toString();
      case LocalDate d -> d.toString();
      case LocalDateTime t -> DATETIME.format(t);
      case OffsetDateTime t -> DATETIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
      default ->
          throw new ConnectorException(
              ConnectorException.Kind.INTERNAL,
              "A cursor value of class " + value.getClass().getSimpleName() + " is not supported");
    };
  }

  /** The {@code CAST} target of the saved cursor for {@code column}. */
  static String castType(Column column) {
    DataType type = column.type();
    return switch (type.kind()) {
      case INTEGER -> "SIGNED";
      case DECIMAL ->
          type.precision() == null
              ? "DECIMAL(65,30)"
              : "DECIMAL("
                  + type.precision()
                  + ","
                  + (type.scale() == null ? 0 : type.scale())
                  + ")";
      case FLOAT -> "DOUBLE";
      case DATE -> "DATE";
      case TIMESTAMP, TIMESTAMPTZ -> "DATETIME(6)";
      default ->
          throw new ConnectorException(
              ConnectorException.Kind.USER,
              "Column " + column.name() + " of kind " + type.kind() + " cannot be a cursor");
    };
  }
}
