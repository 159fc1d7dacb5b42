package io.airlock.connectors.mysql;

import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Binds values of each {@link DataType} as parameters of an insert into the column types {@link
 * MySqlTypeNames} chose. Temporal values are sent as MySQL's text forms, built here, so no driver
 * or JVM time zone takes part. A value MySQL cannot store (an infinity, NaN, a year outside 1 to
 * 9999, a decimal with more digits than its column) fails with {@link UnwritableValueException},
 * whose message names no value; the server is never left to round or clip it.
 */
final class MySqlParameters {
  /** A value that cannot be written; the message says why and never contains the value. */
  static final class UnwritableValueException extends Exception {
    UnwritableValueException(String reason) {
      super(reason);
    }
  }

  private MySqlParameters() {}

  static void bind(PreparedStatement statement, int index, DataType type, Object value)
      throws SQLException, UnwritableValueException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
      return;
    }
    switch (type.kind()) {
      case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
      case INTEGER -> statement.setLong(index, ((Number) value).longValue());
      case DECIMAL -> statement.setString(index, decimal(type, value));
      case FLOAT -> statement.setDouble(index, finiteDouble(value));
      case TEXT -> statement.setString(index, (String) value);
      case DATE -> statement.setString(index, date(value));
      case TIME -> statement.setString(index, time((LocalTime) value));
      case TIMESTAMP, TIMESTAMPTZ -> statement.setString(index, dateTime(value));
      case BYTES -> statement.setBytes(index, (byte[]) value);
      case JSON -> statement.setString(index, ((JsonValue) value).json());
      case UUID -> statement.setString(index, value.toString());
      case ARRAY -> statement.setString(index, jsonArray((List<?>) value));
    }
  }

  private static String decimal(DataType type, Object value) throws UnwritableValueException {
    if (value instanceof SpecialValue) {
      throw new UnwritableValueException(
          "MySQL and MariaDB have no NaN or infinity in DECIMAL; filter the value in the source"
              + " or map the column to text");
    }
    BigDecimal number = (BigDecimal) value;
    int[] shape = MySqlTypeNames.decimalShape(type);
    BigDecimal stripped = number.stripTrailingZeros();
    int scale = Math.max(stripped.scale(), 0);
    int integerDigits = Math.max(stripped.precision() - stripped.scale(), 0);
    if (scale > shape[1] || integerDigits > shape[0] - shape[1]) {
      throw new UnwritableValueException(
          "the value has more digits than DECIMAL("
              + shape[0]
              + ","
              + shape[1]
              + ") holds, and MySQL would round it");
    }
    return number.toPlainString();
  }

  private static double finiteDouble(Object value) throws UnwritableValueException {
    double number = (Double) value;
    if (Double.isNaN(number) || Double.isInfinite(number)) {
      throw new UnwritableValueException(
          "MySQL and MariaDB have no NaN or infinity in FLOAT and DOUBLE; filter the value in the"
              + " source");
    }
    return number;
  }

  private static String date(Object value) throws UnwritableValueException {
    if (value instanceof SpecialValue) {
      throw noInfinity();
    }
    return dateText((LocalDate) value);
  }

  private static String dateTime(Object value) throws UnwritableValueException {
    if (value instanceof SpecialValue) {
      throw noInfinity();
    }
    LocalDateTime local =
        value instanceof OffsetDateTime instant
            ? instant.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
            : (LocalDateTime) value;
    return dateText(local.toLocalDate()) + " " + time(local.toLocalTime());
  }

  private static UnwritableValueException noInfinity() {
    return new UnwritableValueException(
        "MySQL and MariaDB have no infinite dates or timestamps; filter the value in the source");
  }

  private static String dateText(LocalDate date) throws UnwritableValueException {
    if (date.getYear() < 1 || date.getYear() > 9999) {
      throw new UnwritableValueException(
          "MySQL and MariaDB hold years 1 to 9999 only (no BC dates, no five-digit years)");
    }
    return String.format(
        "%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
  }

  /** {@code hh:mm:ss.fffffffff}: the server keeps as many digits as the column declares. */
  private static String time(LocalTime time) {
    return String.format(
        "%02d:%02d:%02d.%09d", time.getHour(), time.getMinute(), time.getSecond(), time.getNano());
  }

  /** An ARRAY value as a JSON array; elements keep their kinds as JSON allows. */
  static String jsonArray(List<?> values) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      appendJson(json, values.get(i));
    }
    return json.append(']').toString();
  }

  private static void appendJson(StringBuilder json, Object value) {
    switch (value) {
      case null -> json.append("null");
      case Boolean b -> json.append(b);
      case Long l -> json.append(l);
      case BigDecimal d -> json.append(d.toPlainString());
      case Double d when !d.isNaN() && !d.isInfinite() -> json.append(d);
      case JsonValue v -> json.append(v.json());
      case List<?> list -> json.append(jsonArray(list));
      case byte[] bytes -> appendString(json, Base64.getEncoder().encodeToString(bytes));
      case UUID uuid -> appendString(json, uuid.toString());
      default -> appendString(json, value.toString());
    }
  }

  private static void appendString(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
