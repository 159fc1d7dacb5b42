package io.airlock.connectors.datasets;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingMariaDb;
import io.airlock.connectors.testing.TestingPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A destination of the matrix: the real connector's settings for one dataset, and a reader that
 * hands back every row of a written table, its values aligned with the source's columns. Each
 * dataset gets its own schema, database, file or folder, so combinations never share a table.
 */
enum MatrixTarget {
  POSTGRES {
    @Override
    ConnectorSettings settings(Servers servers, String dataset) {
      return servers.postgres().destinationSettings(MATRIX_DATABASE, dataset);
    }

    @Override
    Rows readBack(Servers servers, String dataset, String table) throws Exception {
      ConnectorSettings settings =
          servers.postgres().sourceSettings(MATRIX_DATABASE, List.of(dataset));
      return readWithSource(settings, table);
    }
  },

  MYSQL {
    @Override
    ConnectorSettings settings(Servers servers, String dataset) {
      return servers.mariadb().destinationSettings(database(dataset));
    }

    @Override
    void prepare(Servers servers, String dataset) {
      servers.mariadb().createDatabase(database(dataset));
    }

    @Override
    Rows readBack(Servers servers, String dataset, String table) throws Exception {
      return readWithSource(servers.mariadb().sourceSettings(database(dataset)), table);
    }

    /**
     * What MySQL's column types read back as (docs/type-mapping.md): {@code tinyint(1)} for
     * BOOLEAN, {@code datetime} in UTC for TIMESTAMPTZ, {@code char(36)} for UUID, {@code json} for
     * ARRAY.
     */
    @Override
    DataType.Kind kindBack(DataType source) {
      return switch (source.kind()) {
        case BOOLEAN -> DataType.Kind.INTEGER;
        case TIMESTAMPTZ -> DataType.Kind.TIMESTAMP;
        case UUID -> DataType.Kind.TEXT;
        case ARRAY -> DataType.Kind.JSON;
        default -> source.kind();
      };
    }

    private static String database(String dataset) {
      return "matrix_" + dataset;
    }
  },

  DUCKDB {
    @Override
    ConnectorSettings settings(Servers servers, String dataset) {
      return new ConnectorSettings(
          "destination-duckdb", Map.of("path", file(servers, dataset).toString()), r -> null);
    }

    @Override
    Rows readBack(Servers servers, String dataset, String table) throws Exception {
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + file(servers, dataset));
          Statement statement = duck.createStatement();
          ResultSet result = statement.executeQuery("SELECT * FROM main.\"" + table + "\"")) {
        List<String> names = new ArrayList<>();
        List<DataType.Kind> kinds = new ArrayList<>();
        for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
          names.add(result.getMetaData().getColumnName(i));
          kinds.add(duckKind(result.getMetaData().getColumnTypeName(i)));
        }
        List<Object[]> rows = new ArrayList<>();
        while (result.next()) {
          Object[] row = new Object[names.size()];
          for (int i = 0; i < row.length; i++) {
            row[i] = duckValue(result, i + 1);
          }
          rows.add(row);
        }
        return new Rows(names, kinds, rows);
      }
    }

    private static Path file(Servers servers, String dataset) {
      return servers.folder().resolve(dataset + ".duckdb");
    }
  },

  FILES_PARQUET {
    @Override
    ConnectorSettings settings(Servers servers, String dataset) {
      return filesSettings(servers, dataset, "parquet");
    }

    @Override
    Rows readBack(Servers servers, String dataset, String table) throws Exception {
      Path sync = latestSync(servers, dataset, "parquet", table);
      Map<String, Object> config = new HashMap<>();
      config.put("path", sync.toString());
      config.put("format", "parquet");
      ConnectorSettings settings = new ConnectorSettings("source-files", config, r -> null);
      try (Source source = REGISTRY.factory("source-files").createSource(settings)) {
        Rows all = null;
        for (StreamDescriptor part : source.discover()) {
          Rows rows = read(source, part);
          all = all == null ? rows : all.plus(rows);
        }
        if (all == null) {
          throw new AssertionError("No Parquet part in " + sync);
        }
        return all;
      }
    }
  },

  FILES_JSONL {
    @Override
    ConnectorSettings settings(Servers servers, String dataset) {
      return filesSettings(servers, dataset, "jsonl");
    }

    /** Every part of the latest sync, parsed by Jackson: the documents as written. */
    @Override
    Rows readBack(Servers servers, String dataset, String table) throws Exception {
      Path sync = latestSync(servers, dataset, "jsonl", table);
      Set<String> names = new LinkedHashSet<>();
      List<JsonNode> documents = new ArrayList<>();
      try (Stream<Path> parts = Files.list(sync)) {
        for (Path part : parts.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
          readLines(part, names, documents);
        }
      }
      if (documents.isEmpty()) {
        // JSON Lines names columns only in its records: an empty stream's file has none.
        return new Rows(null, null, List.of());
      }
      List<String> columns = List.copyOf(names);
      List<Object[]> rows = new ArrayList<>();
      for (JsonNode document : documents) {
        if (!document.propertyNames().containsAll(names) || document.size() != names.size()) {
          throw new AssertionError(table + ": a JSON Lines record lacks a column");
        }
        rows.add(columns.stream().map(document::get).toArray());
      }
      return new Rows(columns, null, rows);
    }

    private static void readLines(Path part, Set<String> names, List<JsonNode> documents)
        throws IOException {
      try (BufferedReader lines = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          JsonNode document = CanonicalValues.JSON.readTree(line);
          names.addAll(document.propertyNames());
          documents.add(document);
        }
      }
    }
  };

  static final String MATRIX_DATABASE = "matrix";
  private static final ConnectorRegistry REGISTRY = ConnectorRegistry.builtIn();

  /** The servers and folder every combination of the class shares. */
  record Servers(TestingPostgres postgres, TestingMariaDb mariadb, Path folder) {}

  /**
   * Rows read back, with the column names in the destination's order (null when the format has no
   * names without rows: an empty JSON Lines file) and the kinds the destination's columns read back
   * as (null for JSON Lines, whose values carry no declared type).
   */
  record Rows(List<String> columns, List<DataType.Kind> kinds, List<Object[]> rows) {
    Rows plus(Rows more) {
      if (!columns.equals(more.columns) || !kinds.equals(more.kinds)) {
        throw new AssertionError("Two part files of one stream have different columns");
      }
      List<Object[]> all = new ArrayList<>(rows);
      all.addAll(more.rows);
      return new Rows(columns, kinds, all);
    }
  }

  abstract ConnectorSettings settings(Servers servers, String dataset);

  abstract Rows readBack(Servers servers, String dataset, String table) throws Exception;

  /** The kind a column of {@code source}'s type reads back as from this destination. */
  DataType.Kind kindBack(DataType source) {
    return source.kind();
  }

  /** Creates what the destination needs to exist before a sync (a MySQL database). */
  void prepare(Servers servers, String dataset) {}

  Destination destination(Servers servers, String dataset) {
    return REGISTRY
        .factory(settings(servers, dataset).type())
        .createDestination(settings(servers, dataset));
  }

  private static ConnectorSettings filesSettings(Servers servers, String dataset, String format) {
    Path root = servers.folder().resolve(format).resolve(dataset);
    return new ConnectorSettings(
        "destination-files", Map.of("path", root.toString(), "format", format), r -> null);
  }

  /** The sync folder {@code _LATEST} names: what a reader of the stream's folder should read. */
  private static Path latestSync(Servers servers, String dataset, String format, String table)
      throws IOException {
    Path stream = servers.folder().resolve(format).resolve(dataset).resolve(table);
    String latest = Files.readString(stream.resolve("_LATEST"), StandardCharsets.UTF_8).strip();
    return stream.resolve(latest);
  }

  /** Every row of {@code table}, read by our own source connector for that database. */
  private static Rows readWithSource(ConnectorSettings settings, String table)
      throws InterruptedException {
    try (Source source = REGISTRY.factory(settings.type()).createSource(settings)) {
      StreamDescriptor stream =
          source.discover().stream()
              .filter(s -> s.name().equals(table))
              .findFirst()
              .orElseThrow(() -> new AssertionError("The destination has no table " + table));
      return read(source, stream);
    }
  }

  private static Rows read(Source source, StreamDescriptor stream) throws InterruptedException {
    List<Object[]> rows = new ArrayList<>();
    source.read(stream, batch -> rows.addAll(batch.rows()));
    return new Rows(
        stream.columns().stream().map(Column::name).toList(),
        stream.columns().stream().map(c -> c.type().kind()).toList(),
        rows);
  }

  /** The kind of a DuckDB column type name. */
  private static DataType.Kind duckKind(String type) {
    if (type.endsWith("[]")) {
      return DataType.Kind.ARRAY;
    }
    if (type.startsWith("DECIMAL")) {
      return DataType.Kind.DECIMAL;
    }
    return switch (type) {
      case "BOOLEAN" -> DataType.Kind.BOOLEAN;
      case "SMALLINT", "INTEGER", "BIGINT" -> DataType.Kind.INTEGER;
      case "REAL", "FLOAT", "DOUBLE" -> DataType.Kind.FLOAT;
      case "VARCHAR" -> DataType.Kind.TEXT;
      case "DATE" -> DataType.Kind.DATE;
      case "TIME" -> DataType.Kind.TIME;
      case "TIMESTAMP" -> DataType.Kind.TIMESTAMP;
      case "TIMESTAMP WITH TIME ZONE" -> DataType.Kind.TIMESTAMPTZ;
      case "BLOB" -> DataType.Kind.BYTES;
      case "JSON" -> DataType.Kind.JSON;
      case "UUID" -> DataType.Kind.UUID;
      default -> throw new AssertionError("Unexpected DuckDB column type " + type);
    };
  }

  /** DuckDB's JDBC classes for each type, asked for the java.time class where there is one. */
  private static Object duckValue(ResultSet result, int index) throws SQLException {
    if (result.getObject(index) == null) {
      return null;
    }
    String type = result.getMetaData().getColumnTypeName(index);
    return switch (type) {
      case "TIMESTAMP" -> result.getObject(index, LocalDateTime.class);
      case "TIMESTAMP WITH TIME ZONE" -> result.getObject(index, OffsetDateTime.class);
      case "TIME" -> result.getObject(index, LocalTime.class);
      case "DATE" -> result.getObject(index, java.time.LocalDate.class);
      case "BLOB" -> result.getBytes(index);
      case "JSON" -> result.getString(index);
      default -> type.endsWith("[]") ? result.getArray(index) : result.getObject(index);
    };
  }
}
