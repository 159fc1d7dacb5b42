package io.airlock.connectors.mysql;

/**
 * Quotes MySQL and MariaDB identifiers with backticks. Every identifier Airlock sends to MySQL or
 * MariaDB goes through here, so reserved words ({@code order}, {@code group}, {@code new}) and any
 * other name work as table and column names.
 */
final class MySqlIdentifiers {
  private MySqlIdentifiers() {}

  /** {@code name} as a quoted identifier, with embedded backticks doubled. */
  static String quote(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("An identifier cannot contain a NUL character");
    }
    return '`' + name.replace("`", "``") + '`';
  }

  /** {@code `database`.`name`}. */
  static String qualified(String database, String name) {
    return quote(database) + "." + quote(name);
  }
}
