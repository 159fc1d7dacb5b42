package io.airlock.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL table copied into a PostgreSQL destination keeps each column's declared type where
 * PostgreSQL has it (docs/type-mapping.md), and every value, the exact text of {@code json}
 * included.
 */
class PostgresTypeFidelityTest {
  private static final String DB = "fidelity";
  private static final String SOURCE = "typed_src";
  private static final String DESTINATION = "typed_dst";

  /** Kept byte for byte by json; jsonb would reorder keys, drop the duplicate and the blanks. */
  private static final String EXACT_JSON = "{\"b\": 1,  \"a\" : [1,2], \"a\": \"dup\"}\n";

  private static final String COLUMNS =
      """
      id integer PRIMARY KEY,
      small smallint, regular integer, big bigint,
      single real, double_value double precision,
      vc varchar(20), ch char(5), txt text,
      amount numeric(12,2), ratio numeric(5,5), big_amount numeric(38,0), plain_numeric numeric,
      doc json, bin_doc jsonb,
      t0 time(0), t3 time(3), t time,
      ts0 timestamp(0), ts3 timestamp(3), ts timestamp,
      tstz2 timestamptz(2), tstz timestamptz,
      small_array smallint[], int_array integer[], vc_array varchar(8)[], ch_array char(2)[],
      amount_array numeric(10,3)[], ts_array timestamp(3)[], doc_array json[], bin_array jsonb[],
      domain_amount typed_src.money2, domain_array typed_src.money2[]
      """;

  private static TestingPostgres postgres;

  @BeforeAll
  static void copyTheTable() throws InterruptedException {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
    postgres.execute(
        DB,
        "CREATE SCHEMA "
            + SOURCE
            + "; CREATE DOMAIN "
            + SOURCE
            + ".money2 AS numeric(12,2); CREATE TABLE "
            + SOURCE
            + ".typed ("
            + COLUMNS
            + "); INSERT INTO "
            + SOURCE
            + ".typed VALUES "
            + rows());
    try (Source source = source();
        Destination destination = destination()) {
      TestingSync.copyAll(source, destination, SyncMode.FULL_REFRESH_OVERWRITE);
    }
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void everyColumnKeepsItsDeclaredType() throws SQLException {
    List<String> source = formatTypes(SOURCE);
    List<String> destination = formatTypes(DESTINATION);

    assertThat(destination).hasSameSizeAs(source);
    for (int i = 0; i < source.size(); i++) {
      String expected =
          source.get(i).replace(SOURCE + ".money2", "numeric(12,2)").replace("typed_src.", "");
      assertThat(destination.get(i)).as("column %d: %s", i + 1, source.get(i)).isEqualTo(expected);
    }
  }

  @Test
  void informationSchemaDescribesTheSameColumns() throws SQLException {
    String sql =
        "SELECT column_name, data_type, replace(udt_name, 'money2', 'numeric'),"
            + " character_maximum_length, numeric_precision, numeric_scale, datetime_precision"
            + " FROM information_schema.columns"
            + " WHERE table_schema = ? AND table_name = 'typed' ORDER BY ordinal_position";

    List<String> destination = rowsOf(sql, DESTINATION);

    assertThat(destination).containsExactlyElementsOf(rowsOf(sql, SOURCE));
  }

  @Test
  void everyValueIsEqual() throws SQLException {
    String sql = "SELECT * FROM %s.typed ORDER BY id";

    List<String> destination = textRows(sql.formatted(DESTINATION));

    assertThat(destination).hasSize(3).containsExactlyElementsOf(textRows(sql.formatted(SOURCE)));
  }

  @Test
  void jsonTextIsKeptByteForByte() throws SQLException {
    List<String> docs = textRows("SELECT doc FROM " + DESTINATION + ".typed ORDER BY id");

    assertThat(docs.get(0)).isEqualTo("[" + EXACT_JSON + "]");
    assertThat(docs.get(1)).isEqualTo("[[ 1 , {\"z\":0, \"y\" :1} ]]");
  }

  private static String rows() {
    String json = EXACT_JSON.replace("'", "''");
    return "(1, -32768, -2147483648, -9223372036854775808, 3.4028235e38, 1.7976931348623157e308,"
        + " 'exactly twenty chars', 'ab', 'any text',"
        + " 9999999999.99, 0.12345, 12345678901234567890123456789012345678,"
        + " 98765432101.12345678901234,"
        + " E'"
        + json.replace("\n", "\\n")
        + "', '{\"b\": 1, \"a\": 2}',"
        + " '23:59:59', '23:59:59.999', '23:59:59.999999',"
        + " '2024-05-05 10:00:01', '2024-05-05 10:00:00.123', '2024-05-05 10:00:00.123456',"
        + " '2024-05-05 10:00:00.12+00', '2024-05-05 10:00:00.123456+00',"
        + " '{-32768,32767}', '{1,NULL,3}', '{\"a,b\",\"12345678\"}', '{a,\"b \"}',"
        + " '{1.5,-0.001}', '{\"2024-01-01 00:00:00.001\"}',"
        + " ARRAY['{\"k\" : 1}'::json, '[ ]'::json], ARRAY['{\"k\": 1}'::jsonb],"
        + " -0.01, '{42.42,NULL}'),"
        + " (2, 32767, 2147483647, 9223372036854775807, 'NaN', '-Infinity',"
        + " '', 'abcde', '', -0.01, -0.00001, 0, 'NaN', '[ 1 , {\"z\":0, \"y\" :1} ]',"
        + " '[{\"k\": 1}, null, \"x\"]', '00:00:00', '00:00:00.001', '24:00:00',"
        + " '0044-03-15 12:00:00 BC', 'infinity', '-infinity', '-infinity', 'infinity',"
        + " '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', 42.42, '{}'),"
        + " (3"
        + ", NULL".repeat(COLUMNS.split(",(?![^(]*\\))").length - 1)
        + ")";
  }

  private static List<String> formatTypes(String schema) throws SQLException {
    return rowsOf(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
            + " WHERE attrelid = (quote_ident(?) || '.typed')::regclass"
            + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
        schema);
  }

  /** Rows of {@code sql} with one parameter, each row's columns joined by {@code |}. */
  private static List<String> rowsOf(String sql, String parameter) throws SQLException {
    try (Connection connection = postgres.connect(DB);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        return joined(rows);
      }
    }
  }

  /** Rows of {@code sql}, each value in PostgreSQL's text form in brackets, joined by {@code |}. */
  private static List<String> textRows(String sql) throws SQLException {
    try (Connection connection = postgres.connect(DB);
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      return joined(rows);
    }
  }

  private static List<String> joined(ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    List<String> result = new ArrayList<>();
    while (rows.next()) {
      StringBuilder row = new StringBuilder();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        row.append(i == 1 ? "" : "|").append('[').append(rows.getString(i)).append(']');
      }
      result.add(row.toString());
    }
    return result;
  }

  private static Source source() {
    return ConnectorRegistry.builtIn()
        .factory("source-postgres")
        .createSource(postgres.sourceSettings(DB, List.of(SOURCE)));
  }

  private static Destination destination() {
    return ConnectorRegistry.builtIn()
        .factory("destination-postgres")
        .createDestination(postgres.destinationSettings(DB, DESTINATION));
  }
}
