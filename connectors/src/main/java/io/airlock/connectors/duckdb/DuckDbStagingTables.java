package io.airlock.connectors.duckdb;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names, claims and cleans up the staging tables of overwrite loads into DuckDB.
 *
 * <p>A staging table is named {@code _airlock_stage_<table>_<random>} with 8 random hex digits. A
 * DuckDB file is written by one process at a time, so a staging table is in use exactly when a
 * writer of this process claimed it; every other staging table of the same table in the same file
 * and schema was left by a load that did not end (a killed data plane) and is dropped when the
 * table is opened next.
 */
final class DuckDbStagingTables {
  private static final Logger log = LoggerFactory.getLogger(DuckDbStagingTables.class);

  static final String PREFIX = "_airlock_stage_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<String> CLAIMED = ConcurrentHashMap.newKeySet();

  private DuckDbStagingTables() {}

  static String newName(String table) {
    byte[] random = new byte[4];
    RANDOM.nextBytes(random);
    return PREFIX + table + "_" + HexFormat.of().formatHex(random);
  }

  /** Marks {@code staging} in {@code database} as in use until {@link #release}. */
  static void claim(String database, String schema, String staging) {
    CLAIMED.add(key(database, schema, staging));
  }

  static void release(String database, String schema, String staging) {
    CLAIMED.remove(key(database, schema, staging));
  }

  /**
   * Drops the unclaimed staging tables of {@code table}, each in its own transaction. {@code
   * connection} must not be in auto-commit mode.
   */
  static List<String> dropLeftovers(
      Connection connection, String database, String schema, String table) throws SQLException {
    List<String> dropped = new ArrayList<>();
    for (String candidate : candidates(connection, schema, table)) {
      if (CLAIMED.contains(key(database, schema, candidate))) {
        continue;
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS " + DuckDbSql.qualified(schema, candidate));
        connection.commit();
        dropped.add(candidate);
        log.info(
            "Dropped leftover staging table {}.{} of table {}.{}, left by a load that did not end",
            schema,
            candidate,
            schema,
            table);
      } catch (SQLException e) {
        connection.rollback();
        log.warn("Cannot drop leftover staging table {}.{}; drop it by hand", schema, candidate);
      }
    }
    return dropped;
  }

  private static List<String> candidates(Connection connection, String schema, String table)
      throws SQLException {
    List<String> names = new ArrayList<>();
    String pattern = "^" + java.util.regex.Pattern.quote(PREFIX + table + "_") + "[0-9a-f]{8}$";
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_type = 'BASE TABLE'"
                + " AND starts_with(table_name, ?) ORDER BY table_name")) {
      statement.setString(1, schema);
      statement.setString(2, PREFIX + table + "_");
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString(1);
          if (name.matches(pattern)) {
            names.add(name);
          }
        }
      }
    }
    connection.commit();
    return names;
  }

  private static String key(String database, String schema, String staging) {
    return database + "\u0000" + schema + "\u0000" + staging;
  }
}
