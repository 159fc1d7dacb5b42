package io.airlock.connectors.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows of a MySQL/MariaDB table and of its PostgreSQL copy as comparable text, sorted: each
 * value in the server's text form, normalised where the two forms differ by notation only (bytes as
 * upper-case hex, {@code timestamptz} without its {@code +00} in a UTC session, {@code char(n)}
 * without its padding, which MySQL strips on reading).
 */
final class TextRows {
  private TextRows() {}

  static List<String> mysql(Connection connection, String database, String table)
      throws SQLException {
    List<String> expressions = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      statement.setString(1, database);
      statement.setString(2, table);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String column = MySqlIdentifiers.quote(rows.getString(1));
          String type = rows.getString(2).toLowerCase(Locale.ROOT);
          expressions.add(mysqlExpression(column, type));
        }
      }
    }
    return sorted(
        connection,
        "SELECT "
            + String.join(", ", expressions)
            + " FROM "
            + MySqlIdentifiers.qualified(database, table),
        false);
  }

  private static String mysqlExpression(String column, String type) {
    if (type.contains("blob")
        || type.contains("binary")
        || type.equals("bit")
        || isGeometry(type)) {
      return "HEX(" + column + ")";
    }
    return switch (type) {
      case "date", "datetime", "timestamp", "time" -> "CAST(" + column + " AS CHAR)";
      case "float" -> "CAST(" + column + " AS DOUBLE)";
      default -> column;
    };
  }

  private static boolean isGeometry(String type) {
    return List.of("geometry", "point", "linestring", "polygon").contains(type);
  }

  static List<String> postgres(Connection connection, String schema, String table)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
    }
    return sorted(
        connection,
        "SELECT * FROM \"" + schema + "\".\"" + table.replace("\"", "\"\"") + "\"",
        true);
  }

  private static List<String> sorted(Connection connection, String sql, boolean postgres)
      throws SQLException {
    List<String> result = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rows.getMetaData();
      while (rows.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String value = postgres ? postgresText(rows, meta, i) : rows.getString(i);
          row.append(i == 1 ? "" : "|").append(value == null ? "NULL" : "[" + value + "]");
        }
        result.add(row.toString());
      }
    }
    result.sort(null);
    return result;
  }

  private static String postgresText(ResultSet rows, ResultSetMetaData meta, int i)
      throws SQLException {
    String type = meta.getColumnTypeName(i);
    if (type.equals("bytea")) {
      byte[] bytes = rows.getBytes(i);
      return bytes == null ? null : java.util.HexFormat.of().withUpperCase().formatHex(bytes);
    }
    String text = rows.getString(i);
    if (text == null) {
      return null;
    }
    if (type.equals("timestamptz") && text.endsWith("+00")) {
      return text.substring(0, text.length() - 3);
    }
    if (type.equals("bpchar")) {
      return text.stripTrailing();
    }
    return text;
  }
}
