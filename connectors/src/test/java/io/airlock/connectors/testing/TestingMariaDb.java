package io.airlock.connectors.testing;

import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MariaDB server (Debian's {@code mariadbd}) on 127.0.0.1 for tests, with its own data
 * folder, socket and port, and the binary log on in row format. One server is shared by every test
 * of the JVM: {@link #shared()} starts it on first use and a shutdown hook stops it by its process
 * id and deletes its folder. Each test class creates its own databases.
 *
 * <p>The server must be installed ({@code apt-get install -y mariadb-server}; CI's {@code .ci/run}
 * does). Tests fail, never skip, when it is missing.
 */
public final class TestingMariaDb {
  /** The secret reference the settings of {@link #sourceSettings} and friends carry. */
  public static final String PASSWORD_REFERENCE = "env://AIRLOCK_TEST_MARIADB_PASSWORD";

  public static final String USER = "airlock";
  private static final String PASSWORD = "airlock-test-password";

  private static final List<Path> SERVER_BINARIES =
      List.of(Path.of("/usr/sbin/mariadbd"), Path.of("/usr/bin/mariadbd"));
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private static TestingMariaDb shared;

  private final Path home;
  private final int port;
  private final Process process;
  private final Set<Path> scriptsRun = new HashSet<>();

  private TestingMariaDb(Path home, int port, Process process) {
    this.home = home;
    this.port = port;
    this.process = process;
  }

  /** The server of this JVM, started on first use. */
  public static synchronized TestingMariaDb shared() {
    if (shared == null) {
      shared = start();
      TestingMariaDb server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "mariadb-test-stop"));
    }
    return shared;
  }

  private static TestingMariaDb start() {
    Path server = serverBinary();
    try {
      Path home = Files.createTempDirectory("airlock-mariadb-");
      Path data = Files.createDirectories(home.resolve("data"));
      run(
          List.of(
              "mariadb-install-db",
              "--no-defaults",
              "--datadir=" + data,
              "--auth-root-authentication-method=normal",
              "--skip-test-db",
              "--user=" + System.getProperty("user.name")),
          home.resolve("install.log"));
      int port = freePort();
      Process process = launch(server, home, data, port);
      TestingMariaDb mariadb = new TestingMariaDb(home, port, process);
      mariadb.awaitReady();
      mariadb.createUser();
      return mariadb;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare a MariaDB data folder", e);
    }
  }

  private static Path serverBinary() {
    return SERVER_BINARIES.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "mariadbd is not installed; install it with"
                        + " 'apt-get install -y mariadb-server' (CI's .ci/run does)"));
  }

  private static Process launch(Path server, Path home, Path data, int port) throws IOException {
    List<String> command =
        List.of(
            server.toString(),
            "--no-defaults",
            "--datadir=" + data,
            "--socket=" + home.resolve("mariadb.sock"),
            "--pid-file=" + home.resolve("mariadb.pid"),
            "--port=" + port,
            "--bind-address=127.0.0.1",
            "--skip-name-resolve",
            "--user=" + System.getProperty("user.name"),
            "--log-bin=" + home.resolve("binlog"),
            "--binlog-format=ROW",
            "--server-id=1",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
            "--innodb-buffer-pool-size=128M",
            "--innodb-flush-log-at-trx-commit=0",
            "--sync-binlog=0",
            "--max-allowed-packet=64M",
            "--log-error=" + home.resolve("error.log"),
            // Its own folder for internal temporary tables: other programs clean up /tmp.
            "--tmpdir=" + Files.createDirectories(home.resolve("tmp")));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("server.out").toFile())
        .start();
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    SQLException last = null;
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "mariadbd exited with " + process.exitValue() + "; see " + home.resolve("error.log"));
      }
      try (Connection connection = connectAsRoot(null)) {
        return;
      } catch (SQLException e) {
        last = e;
        sleep();
      }
    }
    stop();
    throw new IllegalStateException(
        "mariadbd did not accept connections within " + START_TIMEOUT, last);
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for mariadbd", e);
    }
  }

  private void createUser() {
    execute(
        null,
        "CREATE USER '"
            + USER
            + "'@'127.0.0.1' IDENTIFIED BY '"
            + PASSWORD
            + "'; GRANT ALL PRIVILEGES ON *.* TO '"
            + USER
            + "'@'127.0.0.1' WITH GRANT OPTION");
  }

  public int port() {
    return port;
  }

  /** The server's Unix socket, for the {@code mariadb} command-line client. */
  public Path socket() {
    return home.resolve("mariadb.sock");
  }

  public String jdbcUrl(String database) {
    return "jdbc:mariadb://127.0.0.1:"
        + port
        + "/"
        + (database == null ? "" : database)
        + "?sslMode=disable&permitRedirect=false&allowLocalInfile=false&allowMultiQueries=true";
  }

  private Connection connectAsRoot(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "root", "");
  }

  /** A connection of the test user to {@code database} (or none when null), in auto-commit. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
  }

  /**
   * A connection like {@link #connect(String)} in UTC that reads {@code TINYINT(1)} and {@code
   * YEAR} as numbers, for comparing rows as text.
   */
  public Connection connectForComparison(String database) throws SQLException {
    Connection connection =
        DriverManager.getConnection(
            jdbcUrl(database) + "&tinyInt1isBit=false&yearIsDateType=false", USER, PASSWORD);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET time_zone = '+00:00'");
    }
    return connection;
  }

  /** Creates {@code database} in utf8mb4 (dropping an earlier one of that name). */
  public void createDatabase(String database) {
    execute(
        null,
        "DROP DATABASE IF EXISTS `"
            + database
            + "`; CREATE DATABASE `"
            + database
            + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
  }

  /** Runs SQL (one or more statements separated by semicolons) in {@code database}. */
  public void execute(String database, String sql) {
    try (Connection connection = connectAsRoot(database);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed in test setup: " + e.getMessage(), e);
    }
  }

  /**
   * Runs a script that creates its own database (such as a dataset's dump) unless this server ran
   * it already, so test classes that only read a dataset share one load. Callers must not change
   * what the script created.
   */
  public synchronized void runScriptOnce(Path script) {
    if (scriptsRun.add(script.toAbsolutePath().normalize())) {
      runScript(null, script);
    }
  }

  /**
   * Runs a SQL script with the {@code mariadb} command-line client, which understands {@code
   * DELIMITER} and the other client commands of dump files.
   */
  public void runScript(String database, Path script) {
    List<String> command = new ArrayList<>();
    command.add("mariadb");
    command.add("--no-defaults");
    command.add("--socket=" + socket());
    command.add("--user=root");
    command.add("--default-character-set=utf8mb4");
    if (database != null) {
      command.add("--database=" + database);
    }
    Path log = home.resolve("script-" + System.nanoTime() + ".log");
    try {
      Process client =
          new ProcessBuilder(command)
              .redirectInput(script.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!client.waitFor(5, TimeUnit.MINUTES) || client.exitValue() != 0) {
        client.destroyForcibly();
        throw new IllegalStateException(
            "mariadb client failed on "
                + script
                + ": "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run the mariadb client on " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while loading " + script, e);
    }
  }

  /** Resolves {@link #PASSWORD_REFERENCE} to the test user's password. */
  public SecretResolver secrets() {
    return reference -> {
      if (!PASSWORD_REFERENCE.equals(reference)) {
        throw new IllegalArgumentException("Unknown secret reference in test: " + reference);
      }
      return Secret.of(PASSWORD);
    };
  }

  /** The connection settings of {@code source-mysql} and {@code destination-mysql}. */
  public Map<String, Object> connectionConfig(String database) {
    Map<String, Object> config = new HashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", port);
    config.put("database", database);
    config.put("username", USER);
    config.put("password", PASSWORD_REFERENCE);
    config.put("sslMode", "disable");
    return config;
  }

  public ConnectorSettings sourceSettings(String database) {
    return new ConnectorSettings("source-mysql", connectionConfig(database), secrets());
  }

  public ConnectorSettings destinationSettings(String database) {
    return new ConnectorSettings("destination-mysql", connectionConfig(database), secrets());
  }

  /** Stops the server by its process id and deletes its folder. */
  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteTree(home);
  }

  private static void run(List<String> command, Path log) throws IOException {
    Process install =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!install.waitFor(2, TimeUnit.MINUTES) || install.exitValue() != 0) {
        install.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command.subList(0, 1))
                + " failed: "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while preparing MariaDB", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // A temp folder left behind is harmless.
    }
  }
}
