package io.airlock.connectors.postgres;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.EvolvingDestination;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes streams into tables of one schema of a PostgreSQL database; each stream becomes the table
 * named after it. Each writer has its own connection, so streams may be written in parallel.
 */
final class PostgresDestination implements Destination, EvolvingDestination {
  private final PostgresSession session;
  private final String schema;

  PostgresDestination(ConnectorSettings settings) {
    this.session = new PostgresSession(settings);
    this.schema = settings.string("schema", "public");
  }

  @Override
  public void check() {
    try (Connection connection = session.open()) {
      connection.isValid(10);
    } catch (SQLException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot check PostgreSQL at " + session.address() + " (SQLSTATE " + e.getSQLState() + ")",
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
      return new PostgresStreamWriter(connection, schema, stream, mode, cursorField);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot create table "
              + schema
              + "."
              + stream.name()
              + " in "
              + session.address()
              + " (SQLSTATE "
              + e.getSQLState()
              + "); check that the user may create tables in schema "
              + schema,
          e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /**
   * Applies additive schema changes to the stream's table in one transaction ({@link
   * TableEvolution}).
   */
  @Override
  public void evolve(StreamDescriptor stream, List<Column> changed) {
    requireNonNull(stream, "stream is null");
    try (Connection connection = session.open()) {
      connection.setAutoCommit(false);
      TableEvolution.apply(connection, schema, stream.name(), changed);
      connection.commit();
    } catch (SQLException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot apply schema changes to table "
              + schema
              + "."
              + stream.name()
              + " in "
              + session.address()
              + " (SQLSTATE "
              + e.getSQLState()
              + "); the table is unchanged. Check that the user owns the table",
          e);
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
