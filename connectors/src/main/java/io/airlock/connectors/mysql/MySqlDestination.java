package io.airlock.connectors.mysql;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes streams into tables of one MySQL or MariaDB database; each stream becomes the table named
 * after it. Each writer has its own connection, so streams may be written in parallel.
 */
final class MySqlDestination implements Destination {
  private final MySqlSession session;

  MySqlDestination(ConnectorSettings settings) {
    this.session = new MySqlSession(settings);
  }

  @Override
  public void check() {
    try (Connection connection = session.open()) {
      connection.isValid(10);
    } catch (SQLException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot check MySQL/MariaDB at "
              + session.address()
              + " (SQLSTATE "
              + e.getSQLState()
              + ")",
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
    Connection connection = session.open();
    try {
      return new MySqlStreamWriter(connection, session.database(), stream, mode, cursorField);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot create table "
              + session.database()
              + "."
              + stream.name()
              + " in "
              + session.address()
              + " (SQLSTATE "
              + e.getSQLState()
              + ", error "
              + e.getErrorCode()
              + "); check that the user may create tables in database "
              + session.database(),
          e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // The connection is being discarded after an earlier failure.
    }
  }

  @Override
  public void close() {
    // Writers own their connections and close them.
  }
}
