package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * Opens JDBC connections to one PostgreSQL database from connector settings. Every session is set
 * to canonical text output (ISO dates, UTC, shortest exact floats, hex bytea) so the COPY text
 * format can be parsed and written without guessing.
 */
final class PostgresSession {
  private static final List<String> SSL_MODES =
      List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  private static final String SESSION_SETUP =
      "SET DateStyle = 'ISO, MDY'; SET TimeZone = 'UTC'; SET extra_float_digits = 3;"
          + " SET IntervalStyle = 'postgres'; SET bytea_output = 'hex';"
          + " SET client_encoding = 'UTF8'";

  private final ConnectorSettings settings;
  private final String host;
  private final int port;
  private final String database;
  private final String username;
  private final String sslMode;

  PostgresSession(ConnectorSettings settings) {
    this.settings = settings;
    this.host = settings.requiredString("host");
    this.port = settings.integer("port", 5432);
    this.database = settings.requiredString("database");
    this.username = settings.requiredString("username");
    this.sslMode = settings.string("sslMode", "prefer");
    if (!SSL_MODES.contains(sslMode)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + settings.type() + " setting 'sslMode' must be one of " + SSL_MODES);
    }
  }

  /** Where this session connects, for messages: {@code host:port/database}. */
  String address() {
    return host + ":" + port + "/" + database;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  String database() {
    return database;
  }

  String username() {
    return username;
  }

  String sslMode() {
    return sslMode;
  }

  /** The password, for clients that open their own connections (change capture). */
  Secret password() {
    return settings.secret("password");
  }

  /** A new connection with the canonical session settings, in auto-commit mode. */
  Connection open() {
    Properties properties = new Properties();
    properties.setProperty("user", username);
    properties.setProperty("sslmode", sslMode);
    properties.setProperty("ApplicationName", "airlock");
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("connectTimeout", "30");
    try (Secret password = settings.secret("password")) {
      properties.setProperty("password", password.reveal());
      Connection connection = DriverManager.getConnection(url(), properties);
      configure(connection);
      return connection;
    } catch (SQLException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot connect to PostgreSQL at "
              + address()
              + " as '"
              + username
              + "' (SQLSTATE "
              + e.getSQLState()
              + "); check host, port, database, username, password and sslMode",
          e);
    }
  }

  private String url() {
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "jdbc:postgresql://"
        + hostPart
        + ":"
        + port
        + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8);
  }

  private static void configure(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(SESSION_SETUP);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }
}
