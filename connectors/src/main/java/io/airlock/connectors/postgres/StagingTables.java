package io.airlock.connectors.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names, claims and cleans up the staging tables of overwrite loads.
 *
 * <p>A staging table is named {@code _airlock_stage_<table>_<owner><random>}: {@code <table>} is
 * the destination table's name, cut to fit PostgreSQL's 63 bytes, {@code <owner>} the first 10 hex
 * digits of the SHA-256 of the full name (so a cut name still tells which table a staging table
 * belongs to) and {@code <random>} 8 random hex digits. While a writer loads a staging table, its
 * session holds an advisory lock derived from the staging table's name; the lock goes away with the
 * session, also when the data plane is killed.
 *
 * <p>A staging table is leftover when it has the owner digits of the table being opened and no
 * session holds its lock. Tables that do not match the naming exactly are never touched.
 */
final class StagingTables {
  private static final Logger log = LoggerFactory.getLogger(StagingTables.class);

  static final String PREFIX = "_airlock_stage_";

  private static final int MAX_IDENTIFIER_BYTES = 63;
  private static final int OWNER_HEX_DIGITS = 10;
  private static final int RANDOM_BYTES = 4;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The first key of every Airlock staging-table advisory lock: "AIRL" in ASCII. */
  private static final int LOCK_CLASS = 0x4149524c;

  private static final String CANDIDATES =
      """
      SELECT c.relname
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND c.relname ~ ?
      ORDER BY c.relname
      """;

  private StagingTables() {}

  /** A new staging table name for {@code table}. */
  static String newName(String table) {
    String suffix = "_" + owner(table) + HexFormat.of().formatHex(randomBytes());
    int budget = MAX_IDENTIFIER_BYTES - PREFIX.length() - suffix.length();
    return PREFIX + cut(table, budget) + suffix;
  }

  /**
   * Takes the advisory lock that marks {@code staging} as in use for as long as {@code connection}
   * lives. Call it before the staging table is committed, so no one sees it unclaimed.
   */
  static void claim(Connection connection, String schema, String staging) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_catalog.pg_advisory_lock(?, ?)")) {
      statement.setInt(1, LOCK_CLASS);
      statement.setInt(2, lockKey(schema, staging));
      statement.execute();
    }
  }

  /**
   * Drops the leftover staging tables of {@code table} in {@code schema}: those named for it that
   * no live session claims. Each is dropped in its own transaction; one that cannot be dropped is
   * reported and kept. {@code connection} must not be in auto-commit mode.
   *
   * @return the names of the tables dropped
   */
  static List<String> dropLeftovers(Connection connection, String schema, String table)
      throws SQLException {
    List<String> dropped = new ArrayList<>();
    for (String candidate : candidates(connection, schema, table)) {
      if (dropIfUnclaimed(connection, schema, candidate)) {
        dropped.add(candidate);
        log.info(
            "Dropped leftover staging table {}.{} of table {}.{}, left by a load that did not end",
            schema,
            candidate,
            schema,
            table);
      }
    }
    return dropped;
  }

  private static List<String> candidates(Connection connection, String schema, String table)
      throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(CANDIDATES)) {
      statement.setString(1, schema);
      statement.setString(2, "^" + PREFIX + ".*_" + owner(table) + "[0-9a-f]{8}$");
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    connection.commit();
    return names;
  }

  private static boolean dropIfUnclaimed(Connection connection, String schema, String staging)
      throws SQLException {
    try {
      if (!tryLock(connection, schema, staging)) {
        connection.rollback();
        log.info("Kept staging table {}.{}: a running load is using it", schema, staging);
        return false;
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS " + SqlIdentifiers.qualified(schema, staging));
      }
      connection.commit();
      return true;
    } catch (SQLException e) {
      connection.rollback();
      log.warn(
          "Cannot drop leftover staging table {}.{} (SQLSTATE {}); drop it by hand",
          schema,
          staging,
          e.getSQLState());
      return false;
    }
  }

  /** Takes the staging table's lock until the end of the transaction, if no session holds it. */
  private static boolean tryLock(Connection connection, String schema, String staging)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_catalog.pg_try_advisory_xact_lock(?, ?)")) {
      statement.setInt(1, LOCK_CLASS);
      statement.setInt(2, lockKey(schema, staging));
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }

  private static int lockKey(String schema, String staging) {
    byte[] digest = sha256(schema + "." + staging);
    return (digest[0] & 0xff) << 24
        | (digest[1] & 0xff) << 16
        | (digest[2] & 0xff) << 8
        | digest[3] & 0xff;
  }

  /** The owner digits of {@code table}: the start of the SHA-256 of its name, in hex. */
  static String owner(String table) {
    return HexFormat.of().formatHex(sha256(table)).substring(0, OWNER_HEX_DIGITS);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no SHA-256", e);
    }
  }

  /** {@code name} without its last characters until it has at most {@code bytes} UTF-8 bytes. */
  private static String cut(String name, int bytes) {
    String part = name;
    while (part.getBytes(StandardCharsets.UTF_8).length > bytes) {
      int cut = part.length() - 1;
      if (cut > 0 && Character.isLowSurrogate(part.charAt(cut))) {
        cut--;
      }
      part = part.substring(0, cut);
    }
    return part;
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
