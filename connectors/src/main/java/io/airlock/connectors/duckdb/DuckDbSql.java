package io.airlock.connectors.duckdb;

/** Quotes DuckDB identifiers. */
final class DuckDbSql {
  private DuckDbSql() {}

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static String qualified(String schema, String table) {
    return quote(schema) + "." + quote(table);
  }
}
