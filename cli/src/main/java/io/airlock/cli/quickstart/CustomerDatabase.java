package io.airlock.cli.quickstart;

import io.airlock.cli.CliException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quickstart's stand-in for a customer's database server: an embedded PostgreSQL on loopback,
 * kept in a folder that survives restarts, with the databases {@code demo_source} and {@code
 * warehouse} owned by the role {@link #ROLE}. That role signs in with a password (SCRAM); the data
 * plane gets the password through an {@code env://} reference.
 */
public final class CustomerDatabase implements AutoCloseable {
  /** The role the connectors sign in as. */
  public static final String ROLE = "airlock_demo";

  public static final String SOURCE_DATABASE = "demo_source";
  public static final String WAREHOUSE_DATABASE = "warehouse";

  /** The address clients use: the server listens on loopback only. */
  public static final String HOST = "127.0.0.1";

  private static final Logger LOG = LoggerFactory.getLogger(CustomerDatabase.class);

  /** Beside the data folder: the id of the process that last started the server. */
  private static final String OWNER_FILE = "postgres.owner";

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private CustomerDatabase(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /**
   * Starts (initialising on first use) the server in {@code dataDir}, on the port used last time
   * when it is free, and makes sure the role and both databases exist. A server that a killed
   * quickstart left running over the same folder is stopped first; a folder in use by a live
   * quickstart is refused.
   *
   * @param roleSecret the password {@link #ROLE} gets; set anew on every start
   * @param logFile where the server's output goes
   */
  public static CustomerDatabase start(Path dataDir, String roleSecret, Path logFile) {
    return start(dataDir, roleSecret, logFile, Map.of());
  }

  /**
   * Starts the server as {@link #start(Path, String, Path)} does, with extra server settings, such
   * as {@code wal_level=logical} for change data capture.
   */
  public static CustomerDatabase start(
      Path dataDir, String roleSecret, Path logFile, Map<String, String> serverConfig) {
    LeftoverPostgres leftover =
        new LeftoverPostgres(dataDir.resolve("data"), dataDir.resolve(OWNER_FILE));
    EmbeddedPostgres postgres = startServer(dataDir, leftover, logFile, serverConfig);
    leftover.recordOwner();

    CustomerDatabase database = new CustomerDatabase(postgres, dataDir);
    try {
      database.rememberPort();
      database.prepare(roleSecret);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    LOG.info("Customer PostgreSQL running on port {} with data in {}", postgres.getPort(), dataDir);
    return database;
  }

  private static EmbeddedPostgres startServer(
      Path dataDir, LeftoverPostgres leftover, Path logFile, Map<String, String> serverConfig) {
    Path data = dataDir.resolve("data");
    try {
      Files.createDirectories(dataDir);
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      leftover.clear();
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      serverConfig.forEach(builder::setServerConfig);
      return builder
          .setDataDirectory(data)
          .setCleanDataDirectory(false)
          // The quickstart stops it after the data plane, from its own shutdown hook.
          .setRegisterShutdownHook(false)
          .setPort(port(dataDir.resolve("port")))
          .setDataDirectoryCustomizer(CustomerDatabase::requirePasswordForRole)
          // PostgreSQL's own log would otherwise quote rejected rows (DETAIL, CONTEXT, STATEMENT).
          .setServerConfig("log_error_verbosity", "terse")
          .setServerConfig("log_min_error_statement", "panic")
          .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .start();
    } catch (CliException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw startFailure(data, logFile, e);
    }
  }

  private static CliException startFailure(Path data, Path logFile, Exception e) {
    LOG.info("The quickstart's PostgreSQL did not start", e);
    OptionalLong running = LeftoverPostgres.runningServerPid(data);
    String hint =
        running.isEmpty()
            ? ""
            : " Process "
                + running.getAsLong()
                + " is named in "
                + data.resolve(LeftoverPostgres.PID_FILE)
                + " and still runs; if it is a PostgreSQL server, stop it with 'kill -INT "
                + running.getAsLong()
                + "' and run the quickstart again.";
    return new CliException(
        "Cannot start the quickstart's PostgreSQL over "
            + data
            + ": "
            + e.getMessage()
            + ". Its output is in "
            + logFile
            + "."
            + hint);
  }

  /** Whether the server process still runs. */
  public boolean isRunning() {
    return pid().isPresent();
  }

  /** The id of the server process, while it runs. */
  public OptionalLong pid() {
    return LeftoverPostgres.runningServerPid(dataDir.resolve("data"));
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A JDBC URL of {@code database}, without credentials. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
  }

  /** A superuser connection to {@code database}; for setup and for reading back results. */
  public Connection adminConnection(String database) throws SQLException {
    return postgres.getDatabase("postgres", database).getConnection();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void rememberPort() {
    Path portFile = dataDir.resolve("port");
    try {
      Files.writeString(portFile, Integer.toString(port()));
    } catch (IOException e) {
      throw new CliException("Cannot write " + portFile + ": " + e.getMessage());
    }
  }

  private void prepare(String roleSecret) {
    try (Connection connection = adminConnection("postgres");
        Statement statement = connection.createStatement()) {
      if (!exists(statement, "select 1 from pg_roles where rolname = '" + ROLE + "'")) {
        statement.execute("create role " + ROLE + " login");
      }
      // The secret is generated base64url text, so it cannot break out of the literal.
      statement.execute("alter role " + ROLE + " password '" + roleSecret + "'");
      for (String database : List.of(SOURCE_DATABASE, WAREHOUSE_DATABASE)) {
        if (!exists(statement, "select 1 from pg_database where datname = '" + database + "'")) {
          statement.execute("create database " + database + " owner " + ROLE);
        }
      }
    } catch (SQLException e) {
      throw new CliException("Cannot prepare the quickstart's databases: " + e.getMessage());
    }
  }

  private static boolean exists(Statement statement, String query) throws SQLException {
    try (ResultSet result = statement.executeQuery(query)) {
      return result.next();
    }
  }

  /**
   * The demo role must present its password over TCP; the superuser, used only by this process on
   * loopback to set things up, keeps the embedded server's trust rule.
   */
  private static void requirePasswordForRole(File dataDirectory) {
    String rules =
        String.join(
            "\n",
            "# Written by airlock quickstart.",
            "host all " + ROLE + " 127.0.0.1/32 scram-sha-256",
            "host all " + ROLE + " ::1/128 scram-sha-256",
            "host all postgres 127.0.0.1/32 trust",
            "host all postgres ::1/128 trust",
            "local all postgres trust",
            "");
    try {
      Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), rules);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int port(Path portFile) throws IOException {
    if (Files.isRegularFile(portFile)) {
      int previous = Integer.parseInt(Files.readString(portFile).strip());
      if (isFree(previous)) {
        return previous;
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket =
        new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
