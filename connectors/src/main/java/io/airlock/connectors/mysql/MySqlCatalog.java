package io.airlock.connectors.mysql;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.StreamDescriptor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Discovers the tables and views of one MySQL or MariaDB database from {@code information_schema}
 * and maps their column types to {@link DataType}, keeping what was declared: integer widths
 * (unsigned ones widened so every value fits), {@code decimal(p,s)}, {@code char(n)} and {@code
 * varchar(n)} lengths, fractional-second digits. docs/type-mapping.md has the table.
 *
 * <p>Temporal columns are always discovered as nullable: a zero or invalid date, or a {@code TIME}
 * outside a day, is read as NULL ({@link MySqlValues}), even from a {@code NOT NULL} column.
 */
final class MySqlCatalog {
  private static final String COLUMNS =
      """
      SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.IS_NULLABLE,
             c.CHARACTER_MAXIMUM_LENGTH, c.NUMERIC_PRECISION, c.NUMERIC_SCALE,
             c.DATETIME_PRECISION
      FROM information_schema.COLUMNS c
      JOIN information_schema.TABLES t
        ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
      WHERE c.TABLE_SCHEMA = ? AND (? IS NULL OR c.TABLE_NAME = ?)
        AND t.TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')
      ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION
      """;

  private static final String PRIMARY_KEYS =
      """
      SELECT TABLE_NAME, COLUMN_NAME
      FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = ? AND CONSTRAINT_NAME = 'PRIMARY'
      ORDER BY TABLE_NAME, ORDINAL_POSITION
      """;

  /** MariaDB's JSON is LONGTEXT with a {@code json_valid} check; MySQL has a real JSON type. */
  private static final String MARIADB_JSON_COLUMNS =
      """
      SELECT TABLE_NAME, CHECK_CLAUSE
      FROM information_schema.CHECK_CONSTRAINTS
      WHERE CONSTRAINT_SCHEMA = ? AND LEVEL = 'Column' AND CHECK_CLAUSE LIKE 'json_valid(%'
      """;

  /** How a column's values are fetched and turned into the Java class of its {@link DataType}. */
  enum Read {
    INTEGER,
    UNSIGNED_BIGINT,
    DECIMAL,
    /** {@code FLOAT}, fetched as {@code DOUBLE}: its text form keeps only six digits. */
    FLOAT,
    DOUBLE,
    TEXT,
    BYTES,
    BIT_BOOLEAN,
    DATE,
    DATETIME,
    TIMESTAMP,
    TIME,
    JSON,
    UUID
  }

  /** A discovered column and how to read it. */
  record CatalogColumn(Column column, Read read) {}

  /** A discovered table or view. */
  record CatalogTable(String database, String name, List<CatalogColumn> columns, List<String> key) {
    StreamDescriptor descriptor() {
      return new StreamDescriptor(
          name, database, columns.stream().map(CatalogColumn::column).toList(), key);
    }
  }

  private final Connection connection;

  MySqlCatalog(Connection connection) {
    this.connection = connection;
  }

  /** The tables and views of {@code database}, or only {@code table} when it is not null. */
  List<CatalogTable> tables(String database, String table) throws SQLException {
    Set<String> jsonColumns = isMariaDb() ? mariaDbJsonColumns(database) : Set.of();
    Map<String, List<String>> keys = primaryKeys(database);
    Map<String, List<CatalogColumn>> columns = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
      statement.setString(1, database);
      statement.setString(2, table);
      statement.setString(3, table);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String tableName = rows.getString(1);
          boolean json = jsonColumns.contains(id(tableName, rows.getString(2)));
          columns.computeIfAbsent(tableName, k -> new ArrayList<>()).add(column(rows, json));
        }
      }
    }
    List<CatalogTable> tables = new ArrayList<>();
    columns.forEach(
        (name, cols) ->
            tables.add(new CatalogTable(database, name, cols, keys.getOrDefault(name, List.of()))));
    return tables;
  }

  private boolean isMariaDb() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT VERSION()")) {
      return rows.next() && rows.getString(1).toLowerCase(Locale.ROOT).contains("mariadb");
    }
  }

  private Set<String> mariaDbJsonColumns(String database) throws SQLException {
    Set<String> columns = new HashSet<>();
    try (PreparedStatement statement = connection.prepareStatement(MARIADB_JSON_COLUMNS)) {
      statement.setString(1, database);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String clause = rows.getString(2);
          // json_valid(`name`), with backticks in the name doubled.
          if (clause.startsWith("json_valid(`") && clause.endsWith("`)")) {
            String name = clause.substring(12, clause.length() - 2).replace("``", "`");
            columns.add(id(rows.getString(1), name));
          }
        }
      }
    }
    return columns;
  }

  private Map<String, List<String>> primaryKeys(String database) throws SQLException {
    Map<String, List<String>> keys = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEYS)) {
      statement.setString(1, database);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          keys.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getString(2));
        }
      }
    }
    return keys;
  }

  private static CatalogColumn column(ResultSet rows, boolean json) throws SQLException {
    String name = rows.getString(2);
    String dataType = rows.getString(3).toLowerCase(Locale.ROOT);
    String columnType = rows.getString(4).toLowerCase(Locale.ROOT);
    boolean nullable = "YES".equals(rows.getString(5));
    Declared declared =
        new Declared(
            dataType,
            columnType.contains("unsigned"),
            number(rows, 6),
            number(rows, 7),
            number(rows, 8),
            number(rows, 9));
    Mapping mapping = json ? new Mapping(DataType.exactJson(), Read.JSON) : map(declared);
    boolean temporal =
        switch (mapping.read()) {
          case DATE, DATETIME, TIMESTAMP, TIME -> true;
          default -> false;
        };
    return new CatalogColumn(
        new Column(name, mapping.type(), nullable || temporal, columnType), mapping.read());
  }

  private static Long number(ResultSet rows, int index) throws SQLException {
    long value = rows.getLong(index);
    return rows.wasNull() ? null : value;
  }

  private record Declared(
      String dataType,
      boolean unsigned,
      Long maxLength,
      Long precision,
      Long scale,
      Long fractionalDigits) {}

  private record Mapping(DataType type, Read read) {}

  private static Mapping map(Declared d) {
    return switch (d.dataType()) {
      case "tinyint" -> new Mapping(DataType.integer(2), Read.INTEGER);
      case "smallint" -> new Mapping(DataType.integer(d.unsigned() ? 4 : 2), Read.INTEGER);
      case "mediumint" -> new Mapping(DataType.integer(4), Read.INTEGER);
      case "int", "integer" -> new Mapping(DataType.integer(d.unsigned() ? 8 : 4), Read.INTEGER);
      case "bigint" ->
          d.unsigned()
              ? new Mapping(DataType.decimal(20, 0), Read.UNSIGNED_BIGINT)
              : new Mapping(DataType.INTEGER, Read.INTEGER);
      case "year" -> new Mapping(DataType.integer(2), Read.INTEGER);
      case "decimal", "numeric" ->
          new Mapping(
              DataType.decimal(d.precision().intValue(), d.scale().intValue()), Read.DECIMAL);
      case "float" -> new Mapping(DataType.floating(4), Read.FLOAT);
      case "double", "real", "double precision" -> new Mapping(DataType.FLOAT, Read.DOUBLE);
      case "bit" ->
          d.precision() != null && d.precision() == 1
              ? new Mapping(DataType.BOOLEAN, Read.BIT_BOOLEAN)
              : new Mapping(DataType.BYTES, Read.BYTES);
      case "char" -> new Mapping(text(d.maxLength(), true), Read.TEXT);
      case "varchar" -> new Mapping(text(d.maxLength(), false), Read.TEXT);
      case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" ->
          new Mapping(DataType.BYTES, Read.BYTES);
      case "geometry",
          "point",
          "linestring",
          "polygon",
          "multipoint",
          "multilinestring",
          "multipolygon",
          "geometrycollection",
          "geomcollection" ->
          new Mapping(DataType.BYTES, Read.BYTES);
      case "date" -> new Mapping(DataType.DATE, Read.DATE);
      case "datetime" ->
          new Mapping(temporal(DataType.Kind.TIMESTAMP, d.fractionalDigits()), Read.DATETIME);
      case "timestamp" ->
          new Mapping(temporal(DataType.Kind.TIMESTAMPTZ, d.fractionalDigits()), Read.TIMESTAMP);
      case "time" -> new Mapping(temporal(DataType.Kind.TIME, d.fractionalDigits()), Read.TIME);
      case "json" -> new Mapping(DataType.JSON, Read.JSON);
      case "uuid" -> new Mapping(DataType.UUID, Read.UUID);
      default -> new Mapping(DataType.TEXT, Read.TEXT);
    };
  }

  /** {@code char(n)} and {@code varchar(n)}; lengths are in characters. */
  private static DataType text(Long length, boolean fixed) {
    if (length == null || length <= 0 || length > Integer.MAX_VALUE) {
      return DataType.TEXT;
    }
    return fixed ? DataType.fixedText(length.intValue()) : DataType.text(length.intValue());
  }

  private static DataType temporal(DataType.Kind kind, Long fractionalDigits) {
    return DataType.temporal(kind, fractionalDigits == null ? 0 : fractionalDigits.intValue());
  }

  private static String id(String table, String column) {
    return table + "\u0000" + column;
  }
}
