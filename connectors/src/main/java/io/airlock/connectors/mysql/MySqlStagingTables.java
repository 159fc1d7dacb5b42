package io.airlock.connectors.mysql;

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
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names, claims and cleans up the staging tables of overwrite loads into MySQL and MariaDB, as the
 * PostgreSQL destination does.
 *
 * <p>A staging table is named {@code _airlock_stage_<table>_<owner><random>}: {@code <table>} cut
 * to fit MySQL's 64 characters, {@code <owner>} the first 10 hex digits of the SHA-256 of the full
 * table name and {@code <random>} 8 random hex digits. While a writer loads it, its session holds a
 * named lock ({@code GET_LOCK}) derived from the staging table's name; the server releases it when
 * the session ends, also when the data plane is killed. The table an overwrite replaces is renamed
 * to a fresh staging name before it is dropped, so a drop that fails is cleaned up later.
 *
 * <p>A staging table is leftover when it has the owner digits of the table being opened and no
 * session holds its lock. Tables that do not match the naming exactly are never touched.
 */
final class MySqlStagingTables {
  private static final Logger log = LoggerFactory.getLogger(MySqlStagingTables.class);

  static final String PREFIX = "_airlock_stage_";

  private static final int MAX_IDENTIFIER_CHARACTERS = 64;
  private static final int OWNER_HEX_DIGITS = 10;
  private static final int RANDOM_BYTES = 4;
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String CANDIDATES =
      """
      SELECT TABLE_NAME FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME LIKE '\\_airlock\\_stage\\_%'
      ORDER BY TABLE_NAME
      """;

  private MySqlStagingTables() {}

  /** A new staging table name for {@code table}. */
  static String newName(String table) {
    String suffix = "_" + owner(table) + HexFormat.of().formatHex(randomBytes());
    int budget = MAX_IDENTIFIER_CHARACTERS - PREFIX.length() - suffix.length();
    return PREFIX + cut(table, budget) + suffix;
  }

  /** Takes the named lock that marks {@code staging} as in use for as long as the session lives. */
  static void claim(Connection connection, String database, String staging) throws SQLException {
    if (!lock(connection, database, staging)) {
      throw new SQLException("Staging table lock is taken", "55P03");
    }
  }

  /**
   * Drops the leftover staging tables of {@code table} in {@code database}: those named for it that
   * no live session claims. One that cannot be dropped is reported and kept.
   *
   * @return the names of the tables dropped
   */
  static List<String> dropLeftovers(Connection connection, String database, String table)
      throws SQLException {
    Pattern mine = Pattern.compile("^" + PREFIX + ".*_" + owner(table) + "[0-9a-f]{8}$");
    List<String> dropped = new ArrayList<>();
    for (String candidate : candidates(connection, database)) {
      if (mine.matcher(candidate).matches() && dropIfUnclaimed(connection, database, candidate)) {
        dropped.add(candidate);
        log.info(
            "Dropped leftover staging table {}.{} of table {}.{}, left by a load that did not end",
            database,
            candidate,
            database,
            table);
      }
    }
    return dropped;
  }

  private static List<String> candidates(Connection connection, String database)
      throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(CANDIDATES)) {
      statement.setString(1, database);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }

  private static boolean dropIfUnclaimed(Connection connection, String database, String staging)
      throws SQLException {
    if (!lock(connection, database, staging)) {
      log.info("Kept staging table {}.{}: a running load is using it", database, staging);
      return false;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + MySqlIdentifiers.qualified(database, staging));
      return true;
    } catch (SQLException e) {
      log.warn(
          "Cannot drop leftover staging table {}.{} (SQLSTATE {}); drop it by hand",
          database,
          staging,
          e.getSQLState());
      return false;
    } finally {
      release(connection, database, staging);
    }
  }

  /** Takes the staging table's named lock without waiting; false when a session holds it. */
  private static boolean lock(Connection connection, String database, String staging)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT GET_LOCK(?, 0)")) {
      statement.setString(1, lockName(database, staging));
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() && rows.getInt(1) == 1;
      }
    }
  }

  static void release(Connection connection, String database, String staging) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      statement.setString(1, lockName(database, staging));
      statement.executeQuery().close();
    }
  }

  /** A lock name within MySQL's 64 characters: {@code airlock_stage_} and 40 hex digits. */
  private static String lockName(String database, String staging) {
    return "airlock_stage_"
        + HexFormat.of().formatHex(sha256(database + "." + staging)).substring(0, 40);
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

  /** {@code name} without its last characters until it has at most {@code characters}. */
  private static String cut(String name, int characters) {
    int length = Math.min(name.length(), Math.max(characters, 0));
    if (length > 0
        && length < name.length()
        && Character.isHighSurrogate(name.charAt(length - 1))) {
      length--;
    }
    return name.substring(0, length);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
