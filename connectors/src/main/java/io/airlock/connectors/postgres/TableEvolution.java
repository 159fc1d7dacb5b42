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
 * Brings an existing table that a stream appends to in line with the stream's columns, before
 * loading:
 *
 * <ul>
 *   <li>a column the table lacks is added, nullable ({@code ALTER TABLE … ADD COLUMN});
 *   <li>a column whose stream type widens the table's type ({@link TypeWidening}) is changed in
 *       place ({@code ALTER TABLE … ALTER COLUMN … TYPE});
 *   <li>a column whose stream type is narrower than the table's keeps the table's type, which holds
 *       every value;
 *   <li>any other type change fails the load with the table, column, old and new type, and the
 *       table is left unchanged;
 *   <li>a table column the stream no longer has is kept, and new rows leave it NULL.
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

  private static Map<String, DataType> existingColumns(
      Connection connection, String schema, String table) throws SQLException {
    Map<String, DataType> columns = new LinkedHashMap<>();
    for (PostgresCatalog.CatalogTable found :
        new PostgresCatalog(connection).tables(List.of(schema), table)) {
      found.columns().forEach(c -> columns.put(c.column().name(), c.column().type()));
    }
    return columns;
  }

  private static void addColumn(Connection connection, String schema, String table, Column column)
      throws SQLException {
    execute(
        connection,
        "ALTER TABLE "
            + SqlIdentifiers.qualified(schema, table)
            + " ADD COLUMN "
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
      Connection connection, String schema, String table, Column column, DataType current)
      throws SQLException {
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
    execute(
        connection,
        "ALTER TABLE "
            + SqlIdentifiers.qualified(schema, table)
            + " ALTER COLUMN "
            + SqlIdentifiers.quote(column.name())
            + " TYPE "
            + wantedSql);
    log.info(
        "Widened column {} of table {}.{} from {} to {}",
        column.name(),
        schema,
        table,
        currentSql,
        wantedSql);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
