package io.airlock.connectors.duckdb;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes streams into tables of one schema of an embedded DuckDB database file; each stream becomes
 * the table named after it. The file is opened once per job; each writer has its own connection to
 * it, so streams may be written in parallel. DuckDB lets one process at a time write a file, so no
 * other program may hold it open while a sync runs.
 */
final class DuckDbDestination implements Destination {
  private static final Logger log = LoggerFactory.getLogger(DuckDbDestination.class);

  private final Path path;
  private final String schema;
  private DuckDBConnection database;

  DuckDbDestination(ConnectorSettings settings) {
    this.path = Path.of(settings.requiredString("path")).toAbsolutePath().normalize();
    this.schema = settings.string("schema", "main");
  }

  @Override
  public void check() {
    try (DuckDBConnection connection = database().duplicate();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + DuckDbSql.quote(schema));
    } catch (SQLException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot write to DuckDB database "
              + path
              + " (SQLSTATE "
              + e.getSQLState()
              + "); check that the file is writable and no other program holds it open",
          e);
    }
  }

  @Override
  public StreamWriter open(StreamDescriptor stream, SyncMode mode) {
    return open(stream, mode, null);
  }

  @Override
  public StreamWriter open(StreamDescriptor stream, SyncMode mode, String cursorField) {
    requireNonNull(stream, "stream is null");
    requireNonNull(mode, "mode is null");
    Destination.requireKeyForDedup(stream, mode);
    DuckDBConnection connection = null;
    try {
      connection = database().duplicate();
      return new DuckDbStreamWriter(connection, path.toString(), schema, stream, mode, cursorField);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot create DuckDB table "
              + schema
              + "."
              + stream.name()
              + " in "
              + path
              + " (SQLSTATE "
              + e.getSQLState()
              + "); check that the file is writable and that no object of that name is in the"
              + " way");
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /** The connection that keeps the database file open for this job, opened on first use. */
  private synchronized DuckDBConnection database() throws SQLException {
    if (database == null) {
      createParentFolder();
      refuseLinkedSideFiles();
      database = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + path);
      log.info("Opened DuckDB database {}", path);
    }
    return database;
  }

  /**
   * DuckDB writes beside its file ({@code .wal} and its checkpoint and recovery files, {@code
   * .tmp}) and would follow a symbolic link planted there; the database file itself is checked by
   * the data plane before it opens.
   */
  private void refuseLinkedSideFiles() {
    for (String suffix : List.of("", ".wal", ".wal.checkpoint", ".wal.recovery", ".tmp")) {
      Path side = Path.of(path + suffix);
      if (Files.isSymbolicLink(side)) {
        throw new ConnectorException(
            ConnectorException.Kind.USER,
            "DuckDB file "
                + side.getFileName()
                + " is a symbolic link; the DuckDB destination does not follow links. Remove it");
      }
    }
  }

  private void createParentFolder() {
    try {
      Files.createDirectories(path.getParent());
    } catch (java.io.IOException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Cannot create the folder of DuckDB database "
              + path
              + "; check the setting 'path' and the folder's permissions",
          e);
    }
  }

  private static void closeQuietly(DuckDBConnection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // The connection is being discarded after an earlier failure.
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly(database);
    database = null;
  }
}
