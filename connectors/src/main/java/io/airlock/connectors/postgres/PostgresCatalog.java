package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.StreamDescriptor;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discovers tables, views and their columns from {@code pg_catalog}, and maps PostgreSQL types to
 * {@link DataType}: domains to their base type, enums to TEXT, arrays to ARRAY of their element.
 * Declared attributes travel along (integer width, {@code varchar(n)} and {@code char(n)} lengths,
 * {@code numeric(p,s)}, fractional-second digits, {@code json} as exact text), so a PostgreSQL
 * destination can recreate the declared type. Types without an exact counterpart (interval, inet,
 * tsvector, …) travel as TEXT in PostgreSQL's text form; docs/type-mapping.md has the table.
 */
final class PostgresCatalog {
  private static final String COLUMNS =
      """
      SELECT n.nspname, c.relname, a.attname, a.atttypid, a.atttypmod, a.attnotnull,
             pg_catalog.format_type(a.atttypid, a.atttypmod)
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
        AND a.attnum > 0 AND NOT a.attisdropped
        AND n.nspname = ANY (?) AND (? IS NULL OR c.relname = ?)
      ORDER BY n.nspname, c.relname, a.attnum
      """;

  private static final String PRIMARY_KEYS =
      """
      SELECT n.nspname, c.relname, a.attname
      FROM pg_catalog.pg_constraint k
      JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS key(attnum, position)
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = key.attnum
      WHERE k.contype = 'p' AND n.nspname = ANY (?)
      ORDER BY n.nspname, c.relname, key.position
      """;

  /** Key columns of a constraint, or else of a unique index, named {@code ?} on table {@code ?}. */
  private static final String CONSTRAINT_COLUMNS =
      """
      SELECT name FROM (
        SELECT a.attname AS name, key.position
        FROM pg_catalog.pg_constraint k
        JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS key(attnum, position)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = key.attnum
        WHERE n.nspname = ? AND c.relname = ? AND k.conname = ?
        UNION ALL
        SELECT a.attname, key.position
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS key(attnum, position)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = key.attnum
        WHERE n.nspname = ? AND c.relname = ? AND ic.relname = ?
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k
                          WHERE k.conrelid = c.oid AND k.conname = ic.relname)
      ) AS key_columns
      ORDER BY position
      """;

  private static final String TYPES =
      """
      SELECT t.oid, t.typname, n.nspname, t.typtype, t.typbasetype, t.typtypmod, t.typelem,
             t.typcategory, t.typdelim, t.typlen
      FROM pg_catalog.pg_type t
      JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
      """;

  /** A discovered column with what reading it needs beyond its {@link DataType}. */
  record CatalogColumn(Column column, byte arrayDelimiter) {}

  /** A discovered table or view. */
  record CatalogTable(String schema, String name, List<CatalogColumn> columns, List<String> key) {
    StreamDescriptor descriptor() {
      return new StreamDescriptor(
          name, schema, columns.stream().map(CatalogColumn::column).toList(), key);
    }
  }

  private record PgType(
      long oid,
      String name,
      String schema,
      char kind,
      long baseType,
      int baseTypmod,
      long element,
      char category,
      byte delimiter,
      int length) {}

  private final Connection connection;
  private Map<Long, PgType> types;

  PostgresCatalog(Connection connection) {
    this.connection = connection;
  }

  /**
   * The columns, in key order, of the constraint or unique index {@code constraint} of table {@code
   * schema.table}: what a constraint violation is about. Empty when there is none, or when the
   * constraint is on expressions only.
   */
  List<String> constraintColumns(String schema, String table, String constraint)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(CONSTRAINT_COLUMNS)) {
      for (int offset : new int[] {0, 3}) {
        statement.setString(offset + 1, schema);
        statement.setString(offset + 2, table);
        statement.setString(offset + 3, constraint);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          columns.add(rows.getString(1));
        }
      }
    }
    return columns;
  }

  /** Tables of {@code schemas}, or only {@code table} when it is not null. */
  List<CatalogTable> tables(List<String> schemas, String table) throws SQLException {
    loadTypes();
    Map<String, List<String>> keys = primaryKeys(schemas);
    Map<String, List<CatalogColumn>> columns = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
      Array schemaArray = connection.createArrayOf("text", schemas.toArray());
      statement.setArray(1, schemaArray);
      statement.setString(2, table);
      statement.setString(3, table);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String id = id(rows.getString(1), rows.getString(2));
          columns.computeIfAbsent(id, k -> new ArrayList<>()).add(column(rows));
        }
      }
    }
    List<CatalogTable> tables = new ArrayList<>();
    columns.forEach(
        (id, cols) -> {
          String[] parts = id.split("\u0000", 2);
          tables.add(new CatalogTable(parts[0], parts[1], cols, keys.getOrDefault(id, List.of())));
        });
    return tables;
  }

  private CatalogColumn column(ResultSet rows) throws SQLException {
    String name = rows.getString(3);
    long typeOid = rows.getLong(4);
    int typmod = rows.getInt(5);
    boolean notNull = rows.getBoolean(6);
    String sourceType = rows.getString(7);
    PgType type = resolveDomain(typeOid, typmod);
    int effectiveTypmod = typmod >= 0 || type.oid() == typeOid ? typmod : domainTypmod(typeOid);
    DataType dataType = dataType(type, effectiveTypmod);
    byte delimiter = isArray(type) ? types.get(type.element()).delimiter() : (byte) ',';
    return new CatalogColumn(new Column(name, dataType, !notNull, sourceType), delimiter);
  }

  private Map<String, List<String>> primaryKeys(List<String> schemas) throws SQLException {
    Map<String, List<String>> keys = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEYS)) {
      statement.setArray(1, connection.createArrayOf("text", schemas.toArray()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String id = id(rows.getString(1), rows.getString(2));
          keys.computeIfAbsent(id, k -> new ArrayList<>()).add(rows.getString(3));
        }
      }
    }
    return keys;
  }

  private void loadTypes() throws SQLException {
    if (types != null) {
      return;
    }
    types = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(TYPES)) {
      while (rows.next()) {
        String delimiter = rows.getString(9);
        PgType type =
            new PgType(
                rows.getLong(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4).charAt(0),
                rows.getLong(5),
                rows.getInt(6),
                rows.getLong(7),
                rows.getString(8).charAt(0),
                delimiter == null || delimiter.isEmpty() ? (byte) ',' : (byte) delimiter.charAt(0),
                rows.getInt(10));
        types.put(type.oid(), type);
      }
    }
  }

  private PgType resolveDomain(long oid, int typmod) {
    PgType type = type(oid);
    while (type.kind() == 'd') {
      type = type(type.baseType());
    }
    return type;
  }

  private int domainTypmod(long oid) {
    PgType type = type(oid);
    while (type.kind() == 'd') {
      if (type.baseTypmod() >= 0) {
        return type.baseTypmod();
      }
      type = type(type.baseType());
    }
    return -1;
  }

  private PgType type(long oid) {
    PgType type = types.get(oid);
    if (type == null) {
      throw new IllegalStateException("PostgreSQL type " + oid + " is not in pg_type");
    }
    return type;
  }

  /**
   * Whether {@code type} is a true array type. Vector types such as {@code int2vector} also have an
   * element type but print as space-separated lists; array types are named after their element with
   * a leading underscore.
   */
  private static boolean isArray(PgType type) {
    return type.category() == 'A'
        && type.element() != 0
        && type.length() == -1
        && type.name().startsWith("_");
  }

  private DataType dataType(PgType type, int typmod) {
    if (isArray(type)) {
      long element = type.element();
      // The typmod of an array column is its element's; an element domain carries its own.
      int elementTypmod = typmod >= 0 ? typmod : domainTypmod(element);
      return DataType.arrayOf(dataType(resolveDomain(element, elementTypmod), elementTypmod));
    }
    if (!"pg_catalog".equals(type.schema())) {
      return DataType.TEXT;
    }
    return switch (type.name()) {
      case "int2" -> DataType.integer(2);
      case "int4" -> DataType.integer(4);
      case "int8" -> DataType.INTEGER;
      case "numeric" -> numeric(typmod);
      case "float4" -> DataType.floating(4);
      case "float8" -> DataType.FLOAT;
      case "bool" -> DataType.BOOLEAN;
      case "varchar" -> typmod >= 4 ? DataType.text(typmod - 4) : DataType.TEXT;
      case "bpchar" -> typmod >= 4 ? DataType.fixedText(typmod - 4) : DataType.TEXT;
      case "date" -> DataType.DATE;
      case "time" -> temporal(DataType.Kind.TIME, typmod);
      case "timestamp" -> temporal(DataType.Kind.TIMESTAMP, typmod);
      case "timestamptz" -> temporal(DataType.Kind.TIMESTAMPTZ, typmod);
      case "bytea" -> DataType.BYTES;
      case "json" -> DataType.exactJson();
      case "jsonb" -> DataType.JSON;
      case "uuid" -> DataType.UUID;
      default -> DataType.TEXT;
    };
  }

  /** The typmod of time and timestamps is their number of fractional-second digits. */
  private static DataType temporal(DataType.Kind kind, int typmod) {
    return typmod >= 0 ? DataType.temporal(kind, typmod) : DataType.of(kind);
  }

  private static DataType numeric(int typmod) {
    if (typmod < 4) {
      return DataType.DECIMAL;
    }
    int packed = typmod - 4;
    int precision = (packed >> 16) & 0xffff;
    // Scale is an 11-bit signed number since PostgreSQL 15.
    int scale = ((packed & 0x7ff) ^ 1024) - 1024;
    return DataType.decimal(precision, scale);
  }

  private static String id(String schema, String table) {
    return schema + "\u0000" + table;
  }
}
