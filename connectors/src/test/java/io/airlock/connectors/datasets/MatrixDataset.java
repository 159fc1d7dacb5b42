package io.airlock.connectors.datasets;

import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.connectors.testing.TestingMessyCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real dataset of the matrix, read by the real source connector from the real server or files:
 * each origin is one source's settings, and names the destination table of each of its streams.
 */
enum MatrixDataset {
  SAKILA_POSTGRES("sakila_pg", 28) {
    @Override
    List<Origin> origins(MatrixTarget.Servers servers) {
      return List.of(
          new Origin(servers.postgres().sourceSettings("sakila", List.of("public")), null));
    }
  },

  SAKILA_MYSQL("sakila_mysql", 23) {
    @Override
    List<Origin> origins(MatrixTarget.Servers servers) {
      return List.of(new Origin(servers.mariadb().sourceSettings("sakila"), null));
    }
  },

  CHINOOK_MYSQL("chinook_mysql", 11) {
    @Override
    List<Origin> origins(MatrixTarget.Servers servers) {
      return List.of(new Origin(servers.mariadb().sourceSettings("Chinook"), null));
    }
  },

  /** Every readable file of messy-csv with the settings it needs, one table per file. */
  MESSY_CSV("messy_csv", 16) {
    @Override
    List<Origin> origins(MatrixTarget.Servers servers) {
      return TestingMessyCsv.readable()
          .map(c -> files(TestingMessyCsv.folder(), c.file(), c.settings()))
          .toList();
    }
  },

  /** Every Parquet file but the one whose logical type no reader knows (it fails discovery). */
  PARQUET("parquet", 20) {
    @Override
    List<Origin> origins(MatrixTarget.Servers servers) {
      Path folder = TestingDatasets.resolve("parquet");
      try (Stream<Path> files = Files.list(folder)) {
        return files
            .map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".parquet") && !n.equals("unknown-logical-type.parquet"))
            .sorted()
            .map(n -> files(folder, n, Map.of("format", "parquet")))
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /**
   * A stream a destination must refuse, failing at the named row and column and keeping no table: a
   * value the destination's types cannot hold, never written changed (docs/type-mapping.md, "Real
   * datasets").
   */
  record Refusal(String table, int row, String column) {}

  /**
   * Spark's smallest INT96 timestamp (about 294,000 BC) is outside every destination's range but
   * JSON Lines': PostgreSQL starts at 4713 BC, MySQL at year 1, DuckDB and Parquet's 64-bit
   * microseconds at about 290,000 BC.
   */
  private static final Refusal SPARK_EXTREME = new Refusal("int96_from_spark_parquet", 6, "a");

  /** MySQL's DOUBLE has no NaN. */
  private static final Refusal NAN = new Refusal("nan_in_stats_parquet", 2, "x");

  private final String key;
  private final int tables;

  /**
   * @param tables how many streams the source offers: Sakila's 21 PostgreSQL tables (the payment
   *     partitions included) and 7 views, its 16 MySQL tables and 7 views, Chinook's 11 tables, the
   *     16 readable CSV files and the 20 readable Parquet files
   */
  MatrixDataset(String key, int tables) {
    this.key = key;
    this.tables = tables;
  }

  int tables() {
    return tables;
  }

  /** The name of the dataset's schema, database, file or folder in each destination. */
  String key() {
    return key;
  }

  abstract List<Origin> origins(MatrixTarget.Servers servers);

  /** The refusal {@code target} must give for {@code table}, or null when it must copy it. */
  Refusal refusal(MatrixTarget target, String table) {
    if (this != PARQUET) {
      return null;
    }
    if (table.equals(SPARK_EXTREME.table()) && target != MatrixTarget.FILES_JSONL) {
      return SPARK_EXTREME;
    }
    if (table.equals(NAN.table()) && target == MatrixTarget.MYSQL) {
      return NAN;
    }
    return null;
  }

  /**
   * A source's settings, and the table name its one stream gets (null: each stream keeps its name).
   * Files of messy-csv share stream names ({@code simple.csv}, {@code simple.psv}), so each file's
   * table is named after the whole file name.
   */
  record Origin(ConnectorSettings settings, String table) {
    String tableOf(StreamDescriptor stream) {
      return table == null ? stream.name() : table;
    }
  }

  private static Origin files(Path folder, String file, Map<String, Object> settings) {
    Map<String, Object> config = new HashMap<>(settings);
    config.put("path", folder.toString());
    config.put("globs", List.of(file));
    String table = file.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    return new Origin(new ConnectorSettings("source-files", config, r -> null), table);
  }
}
