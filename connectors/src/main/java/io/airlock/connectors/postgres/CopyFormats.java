package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the COPY format of a load by the destination table's column types: binary when every loaded
 * column has a type {@link CopyBinaryEncoder} writes and the stream's kind fits it, text otherwise.
 * Binary spares the server parsing numbers, dates and timestamps; text takes any type PostgreSQL
 * can read from text (arrays, enums, domains, a column of another kind in an existing table).
 */
final class CopyFormats {
  private static final Logger log = LoggerFactory.getLogger(CopyFormats.class);

  private CopyFormats() {}

  static CopyEncoder encoder(
      Connection connection,
      String schema,
      String table,
      List<Column> columns,
      CopyEncoder.Output output)
      throws SQLException {
    Map<String, Long> typeOids = columnTypeOids(connection, schema, table);
    List<BinaryColumnType> binaryTypes = new ArrayList<>();
    for (Column column : columns) {
      Long oid = typeOids.get(column.name());
      Optional<BinaryColumnType> binary =
          oid == null ? Optional.empty() : BinaryColumnType.of(oid, column.type().kind());
      if (binary.isEmpty()) {
        log.info(
            "Loading {}.{} in COPY text: column {} has no binary writer for its type",
            schema,
            table,
            column.name());
        return new CopyTextEncoder(output, columns.stream().map(Column::type).toList());
      }
      binaryTypes.add(binary.get());
    }
    log.info("Loading {}.{} in binary COPY", schema, table);
    return new CopyBinaryEncoder(output, binaryTypes);
  }

  private static Map<String, Long> columnTypeOids(
      Connection connection, String schema, String table) throws SQLException {
    String sql =
        "SELECT a.attname, a.atttypid FROM pg_attribute a"
            + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped";
    Map<String, Long> oids = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, SqlIdentifiers.qualified(schema, table));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          oids.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
    return oids;
  }
}
