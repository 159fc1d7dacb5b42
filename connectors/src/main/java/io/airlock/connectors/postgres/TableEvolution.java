package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.TypeWidening;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a stream's additive schema changes to its existing table, for {@link
 * PostgresDestination#evolve}; only the changed columns are looked at:
 *
 * <ul>
 *   <li>a column the table lacks is added, nullable ({@code ALTER TABLE … ADD COLUMN});
 *   <li>a column whose stream type widens the table's type ({@link TypeWidening}) is changed in
 *       place ({@code ALTER TABLE … ALTER COLUMN … TYPE});
 *   <li>a column whose stream type is narrower than the table's keeps the table's type, which holds
 *       every value;
 *   <li>any other type change fails the load with the table, column, old and new type, and the
 *       table is left unchanged.
 * </ul>
 *
 * Overwrite loads need none of this: they create the table afresh.
 */
final class TableEvolution {
  private static final Logger log = LoggerFactory.getLogger(TableEvolution.class);

  private TableEvolution() {}

  /** Applies the changes in the connection's open transaction; the caller commits. */
  static void apply(Connection connection, String schema, String table, List<Column> columns)
      throws SQLException {
    Map<String, DataType> existing = existingColumns(connection, schema, table);
    if (existing.isEmpty()) {
      return;
    }
    for (Column column : columns) {
      DataType current = existing.get(column.name());
      if (current == null) {
        addColumn(connection, schema, table, column);
      } else {
        alignType(connection, schema, table, column, current);
      }
    }
  }

  /**
   * Adds the columns of the stream that the existing table lacks, nullable, and changes nothing
   * else: what every appending load does, so that a table that missed a sync's schema change (the
   * catalog is per source, tables are per connection) still takes the stream's rows. Types are left
   * alone, so a table made stricter than the stream stays so.
   */
  static void addMissing(Connection connection, String schema, String table, List<Column> columns)
      throws SQLException {
    Map<String, DataType> existing = existingColumns(connection, schema, table);
    if (existing.isEmpty()) {
      return;
    }
    for (Column column : columns) {
      if (!existing.containsKey(column.name())) {
        addColumn(connection, schema, table, column);
      }
    }
  }

  private static Map<String, DataType> existingColumns(
      Connection connection, String schema, String table) throws SQLException {
    Map<String, DataType> columns = new LinkedHashMap<>();
    for (PostgresCatalog.CatalogTable found :
        new PostgresCatalog(connection).tables(List.of(schema), table)) {
      found.columns().forEach(c -> columns.put(c.column().name(), c.column().type()));
    }
    return columns;
  }

  private static void addColumn(Connection connection, String schema, String table, Column column) {
    alter(
        connection,
        schema,
        table,
        column,
        "ADD COLUMN "
            + SqlIdentifiers.quote(column.name())
            + " "
            + PostgresTypeNames.sqlType(column.type()));
    log.info(
        "Added column {} ({}) to table {}.{}",
        column.name(),
        PostgresTypeNames.sqlType(column.type()),
        schema,
        table);
  }

  private static void alignType(
      Connection connection, String schema, String table, Column column, DataType current) {
    String currentSql = PostgresTypeNames.sqlType(current);
    String wantedSql = PostgresTypeNames.sqlType(column.type());
    if (currentSql.equals(wantedSql) || TypeWidening.widens(column.type(), current)) {
      return;
    }
    if (!TypeWidening.widens(current, column.type())) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Column "
              + column.name()
              + " of table "
              + schema
              + "."
              + table
              + " has type "
              + currentSql
              + " but the stream now delivers "
              + wantedSql
              + ", which is not a widening of it; the table is unchanged. Rename or drop the"
              + " column (or the table) in the destination, or sync the stream with"
              + " FULL_REFRESH_OVERWRITE once to recreate the table");
    }
    alter(
        connection,
        schema,
        table,
        column,
        "ALTER COLUMN " + SqlIdentifiers.quote(column.name()) + " TYPE " + wantedSql);
    log.info(
        "Widened column {} of table {}.{} from {} to {}",
        column.name(),
        schema,
        table,
        currentSql,
        wantedSql);
  }

  /**
   * Runs {@code ALTER TABLE table change}. A refusal (no privilege, a view that depends on the
   * column) fails the load naming the table, the column and the SQLSTATE; the table is unchanged.
   */
  private static void alter(
      Connection connection, String schema, String table, Column column, String change) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE " + SqlIdentifiers.qualified(schema, table) + " " + change);
    } catch (SQLException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Cannot change column "
              + column.name()
              + " of table "
              + schema
              + "."
              + table
              + " to "
              + PostgresTypeNames.sqlType(column.type())
              + " (SQLSTATE "
              + e.getSQLState()
              + "); the table is unchanged. Check that the user owns the table and that no view"
              + " depends on the column, or change the column by hand",
          e);
    }
  }
}
