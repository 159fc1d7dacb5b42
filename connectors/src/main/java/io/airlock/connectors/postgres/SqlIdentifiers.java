package io.airlock.connectors.postgres;

/** Quotes SQL identifiers. Every identifier Airlock sends to PostgreSQL goes through here. */
final class SqlIdentifiers {
  private SqlIdentifiers() {}

  /** {@code name} as a quoted identifier, with embedded double quotes doubled. */
  static String quote(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("An identifier cannot contain a NUL character");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** {@code "schema"."name"}. */
  static String qualified(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }
}
