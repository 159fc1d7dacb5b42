package io.airlock.connectors.testing;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Reads rows through any JDBC driver into one canonical text per row, so rows read from PostgreSQL
 * and from another database can be compared exactly: numbers by value (trailing zeros of a decimal
 * do not count, an integer's width does not), timestamps as ISO values, time-zone-aware ones as
 * instants, bytes in hex, arrays element by element with their nulls.
 */
public final class TestingRows {
  private TestingRows() {}

  public static List<String> read(Connection connection, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        StringJoiner row = new StringJoiner(" | ");
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(column(result, i, meta));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private static String column(ResultSet result, int i, ResultSetMetaData meta)
      throws SQLException {
    if (result.getObject(i) == null) {
      return "NULL";
    }
    String typeName = meta.getColumnTypeName(i).toLowerCase(Locale.ROOT);
    int type = meta.getColumnType(i);
    if (type == Types.TIMESTAMP_WITH_TIMEZONE
        || typeName.equals("timestamptz")
        || typeName.contains("with time zone")) {
      return result.getObject(i, OffsetDateTime.class).toInstant().toString();
    }
    if (type == Types.TIMESTAMP) {
      return result.getObject(i, LocalDateTime.class).toString();
    }
    if (type == Types.DATE) {
      return result.getObject(i, LocalDate.class).toString();
    }
    return value(result.getObject(i));
  }

  private static String value(Object value) throws SQLException {
    return switch (value) {
      case null -> "NULL";
      case byte[] bytes -> "\\x" + HexFormat.of().formatHex(bytes);
      case BigDecimal decimal -> decimal.stripTrailingZeros().toPlainString();
      case Short n -> n.toString();
      case Integer n -> n.toString();
      case Long n -> n.toString();
      case java.math.BigInteger n -> n.toString();
      case Float f -> "real:" + f;
      case Double d -> "double:" + d;
      case Array array -> elements((Object[]) array.getArray());
      case Object[] elements -> elements(elements);
      case org.postgresql.util.PGobject object -> object.getValue();
      default -> value.toString();
    };
  }

  private static String elements(Object[] elements) throws SQLException {
    StringJoiner out = new StringJoiner(", ", "[", "]");
    for (Object element : elements) {
      out.add(element instanceof String text ? '"' + text + '"' : value(element));
    }
    return out.toString();
  }
}
