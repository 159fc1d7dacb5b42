package io.airlock.connectors.mysql;

import io.airlock.connectors.spi.ConnectorException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What decoding a table's row events needs beyond the discovered columns: every column of the table
 * in its order (row events carry values by position, not by name), whether integers are unsigned,
 * the members of {@code ENUM} and {@code SET} columns (row events carry their numbers), and the
 * character set of text columns (row events carry their bytes).
 */
final class BinlogTable {
  private static final String COLUMNS =
      """
      SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME
      FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
      ORDER BY ORDINAL_POSITION""";

  /** One column of the table, in the table's order. */
  record TableColumn(
      String name, String dataType, String columnType, Charset charset, List<String> members) {
    boolean unsigned() {
      return columnType.toLowerCase(Locale.ROOT).contains("unsigned");
    }

    /** The declared width of a {@code BIT(n)} or {@code BINARY(n)} column; 1 when none shows. */
    int width() {
      int open = columnType.indexOf('(');
      int close = columnType.indexOf(')');
      if (open < 0 || close < open) {
        return 1;
      }
      return Integer.parseInt(columnType.substring(open + 1, close).trim());
    }
  }

  private final String database;
  private final String table;
  private final List<TableColumn> columns;

  private BinlogTable(String database, String table, List<TableColumn> columns) {
    this.database = database;
    this.table = table;
    this.columns = columns;
  }

  static BinlogTable load(Connection connection, String database, String table)
      throws SQLException {
    List<TableColumn> columns = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
      statement.setString(1, database);
      statement.setString(2, table);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String dataType = rows.getString(2).toLowerCase(Locale.ROOT);
          String columnType = rows.getString(3);
          columns.add(
              new TableColumn(
                  rows.getString(1),
                  dataType,
                  columnType,
                  charset(rows.getString(4)),
                  dataType.equals("enum") || dataType.equals("set")
                      ? members(columnType)
                      : List.of()));
        }
      }
    }
    return new BinlogTable(database, table, columns);
  }

  List<TableColumn> columns() {
    return columns;
  }

  /** The position of {@code name} among the table's columns. */
  int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new ConnectorException(
        ConnectorException.Kind.USER,
        "Column "
            + name
            + " of table "
            + database
            + "."
            + table
            + " is gone since discovery; refresh the connection's schema");
  }

  /** Whether a row event with {@code count} columns can be this table's. */
  void checkWidth(int count) {
    if (count != columns.size()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "A change of table "
              + database
              + "."
              + table
              + " has "
              + count
              + " columns, the table has "
              + columns.size()
              + ": its columns changed while the log was read. Refresh the connection's schema"
              + " and reset the stream's state (following column changes in the log is issue #3)");
    }
  }

  /** The character set of a text column; MySQL's latin1 is Windows-1252. */
  private static Charset charset(String name) {
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "utf8", "utf8mb3", "utf8mb4" -> StandardCharsets.UTF_8;
      case "latin1" -> Charset.forName("windows-1252");
      case "ascii" -> StandardCharsets.US_ASCII;
      case "binary" -> StandardCharsets.ISO_8859_1;
      case "ucs2", "utf16" -> StandardCharsets.UTF_16BE;
      case "utf16le" -> StandardCharsets.UTF_16LE;
      case "utf32" -> Charset.forName("UTF-32");
      default -> Charset.forName(name);
    };
  }

  /** The members of {@code enum('a','b')} or {@code set('a','b')}, in order. */
  static List<String> members(String columnType) {
    List<String> members = new ArrayList<>();
    int i = columnType.indexOf('(') + 1;
    while (i > 0 && i < columnType.length()) {
      if (columnType.charAt(i) != '\'') {
        i++;
        continue;
      }
      StringBuilder member = new StringBuilder();
      i++;
      while (i < columnType.length()) {
        char c = columnType.charAt(i);
        if (c == '\'' && i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
          member.append('\'');
          i += 2;
        } else if (c == '\\' && i + 1 < columnType.length()) {
          member.append(columnType.charAt(i + 1));
          i += 2;
        } else if (c == '\'') {
          i++;
          break;
        } else {
          member.append(c);
          i++;
        }
      }
      members.add(member.toString());
    }
    return members;
  }
}
