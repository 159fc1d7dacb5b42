package io.airlock.connectors.mysql;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * Opens JDBC connections to one MySQL or MariaDB database from connector settings, with the MariaDB
 * driver. Every session talks {@code utf8mb4}, runs in UTC (so {@code TIMESTAMP} values read and
 * write as UTC) and uses strict SQL mode, so the server rejects a value it cannot store instead of
 * changing it. The driver may not read local files for the server ({@code LOAD DATA LOCAL}) and may
 * not follow a server's redirection to another host.
 */
final class MySqlSession {
  private static final List<String> SSL_MODES =
      List.of("disable", "trust", "verify-ca", "verify-full");

  private static final String SESSION_SETUP =
      "SET NAMES utf8mb4, time_zone = '+00:00',"
          + " sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
          + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',"
          + " net_write_timeout = 3600, net_read_timeout = 3600";

  private final ConnectorSettings settings;
  private final String host;
  private final int port;
  private final String database;
  private final String username;
  private final String sslMode;

  MySqlSession(ConnectorSettings settings) {
    this.settings = settings;
    this.host = settings.requiredString("host");
    this.port = settings.integer("port", 3306);
    this.database = settings.requiredString("database");
    this.username = settings.requiredString("username");
    this.sslMode = settings.string("sslMode", "verify-full");
    if (!SSL_MODES.contains(sslMode)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + settings.type() + " setting 'sslMode' must be one of " + SSL_MODES);
    }
  }

  String database() {
    return database;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  String username() {
    return username;
  }

  String sslMode() {
    return sslMode;
  }

  /** The password; the caller closes it. */
  Secret password() {
    return settings.secret("password");
  }

  /** Where this session connects, for messages: {@code host:port/database}. */
  String address() {
    return host + ":" + port + "/" + database;
  }

  /** A new connection with the session settings above, in auto-commit mode. */
  Connection open() {
    Properties properties = new Properties();
    properties.setProperty("user", username);
    properties.setProperty("sslMode", sslMode);
    properties.setProperty("connectTimeout", "30000");
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("allowLocalInfile", "false");
    properties.setProperty("permitRedirect", "false");
    properties.setProperty("allowMultiQueries", "false");
    properties.setProperty("useServerPrepStmts", "false");
    properties.setProperty("tinyInt1isBit", "false");
    properties.setProperty("yearIsDateType", "false");
    try (Secret password = settings.secret("password")) {
      properties.setProperty("password", password.reveal());
      Connection connection = DriverManager.getConnection(url(), properties);
      configure(connection);
      return connection;
    } catch (SQLException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot connect to MySQL/MariaDB at "
              + address()
              + " as '"
              + username
              + "' (SQLSTATE "
              + e.getSQLState()
              + ", error "
              + e.getErrorCode()
              + "); check host, port, database, username, password and sslMode, and that the"
              + " database exists",
          e);
    }
  }

  private String url() {
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    // The database is chosen with USE, so its name needs no URL escaping.
    return "jdbc:mariadb://" + hostPart + ":" + port + "/";
  }

  private void configure(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(SESSION_SETUP);
      statement.execute("USE " + MySqlIdentifiers.quote(database));
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }
}
