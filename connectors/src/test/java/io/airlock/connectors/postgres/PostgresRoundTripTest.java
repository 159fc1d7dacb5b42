package io.airlock.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tricky values (cases PG-01 to PG-06 and PG-09 to PG-12) copied by the real PostgreSQL source into
 * the real PostgreSQL destination, and compared in SQL with the originals.
 */
class PostgresRoundTripTest {
  private static final String DB = "cases";
  private static TestingPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void infinityTimestampsRoundTrip() throws Exception {
    String schema =
        roundTrip(
            "temporal_infinity",
            "id int, ts timestamp, tstz timestamptz, d date",
            "(1, 'infinity', 'infinity', 'infinity'), (2, '-infinity', '-infinity', '-infinity'),"
                + " (3, NULL, NULL, NULL)");

    assertThat(text(schema, "temporal_infinity", "ts || '|' || tstz || '|' || d"))
        .containsExactly("infinity|infinity|infinity", "-infinity|-infinity|-infinity", null);
    assertSameRows(schema, "temporal_infinity", "ts", "tstz", "d");
  }

  @Test
  void beforeChristTimestampsRoundTrip() throws Exception {
    String schema =
        roundTrip(
            "temporal_bc",
            "id int, ts timestamp, tstz timestamptz, d date",
            "(1, '0044-03-15 12:00:00 BC', '0044-03-15 12:00:00+00 BC', '0044-03-15 BC'),"
                + " (2, '4713-01-01 00:00:00 BC', '4713-01-01 00:00:00.000001+00 BC',"
                + " '4713-01-01 BC'), (3, '0001-12-31 23:59:59.999999 BC',"
                + " '0001-01-01 00:00:00+00', '0001-01-01 BC')");

    assertThat(text(schema, "temporal_bc", "ts::text"))
        .containsExactly(
            "0044-03-15 12:00:00 BC", "4713-01-01 00:00:00 BC", "0001-12-31 23:59:59.999999 BC");
    assertThat(text(schema, "temporal_bc", "d::text"))
        .containsExactly("0044-03-15 BC", "4713-01-01 BC", "0001-01-01 BC");
    assertSameRows(schema, "temporal_bc", "ts", "tstz", "d");
  }

  @Test
  void fiveDigitYearsRoundTrip() throws Exception {
    String schema =
        roundTrip(
            "temporal_far",
            "id int, ts timestamp, tstz timestamptz, d date",
            "(1, '12345-06-07 08:09:10', '12345-06-07 08:09:10+00', '12345-06-07'),"
                + " (2, '294276-12-31 23:59:59.999999', '294276-12-31 23:59:59.999999+00',"
                + " '5874897-12-31'), (3, '9999-12-31 23:59:59.999999', '10000-01-01 00:00:00+00',"
                + " '10000-01-01')");

    assertThat(text(schema, "temporal_far", "ts::text"))
        .containsExactly(
            "12345-06-07 08:09:10", "294276-12-31 23:59:59.999999", "9999-12-31 23:59:59.999999");
    assertSameRows(schema, "temporal_far", "ts", "tstz", "d");
  }

  @Test
  void timesAndMicrosecondsRoundTrip() throws Exception {
    String schema =
        roundTrip(
            "temporal_time",
            "id int, t time, ts timestamp, tstz timestamptz",
            "(1, '24:00:00', '2024-05-05 10:00:00.123456', '2024-05-05 10:00:00.000001+05:30'),"
                + " (2, '23:59:59.999999', '2024-02-29 00:00:00', '1970-01-01 00:00:00+00'),"
                + " (3, '00:00:00', '1900-01-01 00:00:00.1', '2024-03-31 01:59:59.5-08')");

    assertThat(text(schema, "temporal_time", "t::text"))
        .containsExactly("24:00:00", "23:59:59.999999", "00:00:00");
    assertSameRows(schema, "temporal_time", "t", "ts", "tstz");
  }

  @Test
  void unconstrainedNumericKeepsEveryDigit() throws Exception {
    String schema =
        roundTrip(
            "numeric_exact",
            "id int, n numeric",
            "(1, 98765432101.12345678901234), (2, -0.000000000000000000000000000001),"
                + " (3, 123456789012345678901234567890123456789.123456789), (4, 0), (5, 1.10),"
                + " (6, NULL)");

    assertThat(text(schema, "numeric_exact", "n::text"))
        .containsExactly(
            "98765432101.12345678901234",
            "-0.000000000000000000000000000001",
            "123456789012345678901234567890123456789.123456789",
            "0",
            "1.10",
            null);
    assertSameRows(schema, "numeric_exact", "n");
  }

  @Test
  void numericWithScaleKeepsSmallValues() throws Exception {
    String schema =
        roundTrip(
            "numeric_scaled",
            "id int, amount numeric(12,2)",
            "(1, 42.42), (2, -0.01), (3, 0.00), (4, 9999999999.99)");

    assertThat(text(schema, "numeric_scaled", "amount::text"))
        .containsExactly("42.42", "-0.01", "0.00", "9999999999.99");
    assertThat(columnType(schema, "numeric_scaled", "amount")).isEqualTo("numeric(12,2)");
  }

  @Test
  void numericAndFloatSpecialsRoundTrip() throws Exception {
    String schema =
        roundTrip(
            "number_specials",
            "id int, n numeric, f8 double precision, f4 real",
            "(1, 'NaN', 'NaN', 'NaN'), (2, 'Infinity', 'Infinity', 'Infinity'),"
                + " (3, '-Infinity', '-Infinity', '-Infinity'),"
                + " (4, 1.5, 1.0000000000000002, 0.1), (5, 0, 5e-324, -3.4028235e38),"
                + " (6, 2, 1.7976931348623157e308, 1.17549435e-38)");

    assertThat(text(schema, "number_specials", "n::text || '|' || f8::text"))
        .containsExactly(
            "NaN|NaN",
            "Infinity|Infinity",
            "-Infinity|-Infinity",
            "1.5|1.0000000000000002",
            "0|5e-324",
            "2|1.7976931348623157e+308");
    assertSameRows(schema, "number_specials", "n", "f8", "f4::text");
  }

  @Test
  void byteaRoundTripsExactBytes() throws Exception {
    String schema =
        roundTrip(
            "binary_values",
            "id int, b bytea",
            "(1, '\\xCAFEBABE00FF'), (2, ''), (3, NULL),"
                + " (4, (SELECT string_agg(set_byte('\\x00'::bytea, 0, i), ''::bytea)"
                + " FROM generate_series(0, 255) i))");

    assertThat(text(schema, "binary_values", "encode(b, 'hex') || ':' || length(b)").get(0))
        .isEqualTo("cafebabe00ff:6");
    assertThat(columnType(schema, "binary_values", "b")).isEqualTo("bytea");
    assertSameRows(schema, "binary_values", "b");
  }

  @Test
  void jsonStaysJson() throws Exception {
    String schema =
        roundTrip(
            "json_values",
            "id int, jb jsonb, j json",
            "(1, '[{\"k\": 1}, null, \"x\"]', '{\"a\": [1, 2]}'),"
                + " (2, '{\"tab\": \"a\\tb\", \"nl\": \"x\\ny\", \"bs\": \"\\\\\","
                + " \"u\": \"\u00e9\ud83d\ude80\"}',"
                + " '\"just a string\"'), (3, 'null', NULL)");

    assertThat(text(schema, "json_values", "jsonb_typeof(jb) || '|' || json_typeof(j)"))
        .containsExactly("array|object", "object|string", null);
    assertThat(text(schema, "json_values", "(jb = '[{\"k\": 1}, null, \"x\"]')::text").get(0))
        .isEqualTo("true");
    assertSameRows(schema, "json_values", "jb", "j::jsonb");
  }

  @Test
  void textArraysKeepQuotedElementsAndNulls() throws Exception {
    String schema =
        roundTrip(
            "array_values",
            "id int, a text[], i int[], n numeric[], ts timestamp[], d date[], b bytea[],"
                + " u uuid[], m int[][]",
            "(1, '{\"a,b\",\"c\\\"d\",NULL}', '{1,NULL,-3}', '{1.50,NaN}',"
                + " '{infinity,\"0044-03-15 12:00:00 BC\"}', '{\"12345-01-01\"}',"
                + " '{\"\\\\xcafe\",NULL}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}',"
                + " '{{1,2},{3,4}}'),"
                + " (2, '{\"NULL\",\"\",\" x \",\"back\\\\\\\\slash\",\"tab\there\"}', '{}', NULL,"
                + " NULL, NULL, NULL, '{}', NULL)");

    assertThat(text(schema, "array_values", "array_length(a, 1) || '|' || a[1] || '|' || a[2]"))
        .startsWith("3|a,b|c\"d");
    assertThat(text(schema, "array_values", "(a[3] IS NULL)::text").get(0)).isEqualTo("true");
    assertThat(text(schema, "array_values", "a[1] || '|' || (a[1] IS NULL)::text").get(1))
        .isEqualTo("NULL|false");
    assertThat(columnType(schema, "array_values", "a")).isEqualTo("text[]");
    assertSameRows(schema, "array_values", "a", "i::text", "n", "ts", "d", "b", "u", "m::text");
  }

  @Test
  void enumAndDomainAreDiscoveredWithBaseTypesAndCopied() throws Exception {
    String schema = newSchema();
    postgres.execute(
        DB,
        "CREATE TYPE "
            + schema
            + ".mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');"
            + " CREATE DOMAIN "
            + schema
            + ".year AS integer CHECK (VALUE >= 1901 AND VALUE <= 2155);"
            + " CREATE TABLE "
            + schema
            + ".film (film_id int PRIMARY KEY, rating "
            + schema
            + ".mpaa_rating, release_year "
            + schema
            + ".year, ratings "
            + schema
            + ".mpaa_rating[]);"
            + " INSERT INTO "
            + schema
            + ".film VALUES (1, 'PG-13', 2006, '{G,NC-17}'), (2, NULL, NULL, NULL)");

    StreamDescriptor film = discover(schema).get(0);
    copy(schema, List.of(film), SyncMode.FULL_REFRESH_OVERWRITE);

    assertThat(film.primaryKey()).containsExactly("film_id");
    assertThat(film.column("rating").map(Column::type)).contains(DataType.TEXT);
    assertThat(film.column("rating").map(Column::sourceType)).contains(schema + ".mpaa_rating");
    assertThat(film.column("release_year").map(Column::type)).contains(DataType.integer(4));
    assertThat(film.column("ratings").map(Column::type)).contains(DataType.arrayOf(DataType.TEXT));
    assertSameRows(
        schema, "film", "film_id", "rating::text", "release_year::int", "ratings::text[]");
  }

  @Test
  void otherTypesTravelAsTheirText() throws Exception {
    String schema =
        roundTrip(
            "other_types",
            "id int, iv interval, ip inet, tsv tsvector, tt timetz, money_value money, bits bit(4),"
                + " flag boolean, uid uuid, txt text, vc varchar(10), ch char(3)",
            "(1, '1 year 2 mons 3 days 04:05:06.7', '192.168.0.1/24', 'a fat cat', '10:00:00+02',"
                + " 12.34, B'1010', true, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
                + " E'tab\\there\\nnew\\rline\\\\back ''quote'' \u00e9\ud83d\ude80',"
                + " 'short', 'ab'),"
                + " (2, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL, '', NULL, NULL)");

    assertSameRows(
        schema,
        "other_types",
        "iv::text",
        "ip::text",
        "tsv::text",
        "tt::text",
        "money_value::text",
        "bits::text",
        "flag",
        "uid",
        "txt",
        "vc::text");
    // char(n) stays char(n) and keeps its padding: it travels as the stored text, blanks included.
    assertThat(columnType(schema, "other_types", "ch")).isEqualTo("character(3)");
    assertThat(text(schema, "other_types", "octet_length(ch)::text")).containsExactly("3", null);
  }

  @Test
  void identifiersThatNeedQuotingRoundTrip() throws Exception {
    String schema = newSchema();
    postgres.execute(
        DB,
        "CREATE TABLE "
            + schema
            + ".\"Group \"\"of\"\" order\" (id int, \"order\" text, \"New\" int,"
            + " \"semi;colon\" text); INSERT INTO "
            + schema
            + ".\"Group \"\"of\"\" order\" VALUES (1, 'a', 2, 'b')");

    copy(schema, discover(schema), SyncMode.FULL_REFRESH_OVERWRITE);

    assertThat(
            query(
                "SELECT \"order\" || \"New\" || \"semi;colon\" FROM "
                    + schema
                    + "_dst.\"Group \"\"of\"\" order\""))
        .containsExactly("a2b");
  }

  @Test
  void discoveryMapsTypesListsViewsAndSkipsPartitions() {
    String schema = newSchema();
    postgres.execute(
        DB,
        "CREATE TABLE "
            + schema
            + ".measures (id bigint NOT NULL, amount numeric(12,2), ratio numeric, f real,"
            + " at timestamptz, day date, t time, doc jsonb, raw bytea, uid uuid, tags text[],"
            + " ok boolean, iv interval, PRIMARY KEY (id, day)) PARTITION BY RANGE (day);"
            + " CREATE TABLE "
            + schema
            + ".measures_2024 PARTITION OF "
            + schema
            + ".measures FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
            + " CREATE VIEW "
            + schema
            + ".recent AS SELECT id, amount FROM "
            + schema
            + ".measures");

    List<StreamDescriptor> streams = discover(schema);

    assertThat(streams).extracting(StreamDescriptor::name).containsExactly("measures", "recent");
    StreamDescriptor measures = streams.get(0);
    assertThat(measures.namespace()).isEqualTo(schema);
    assertThat(measures.primaryKey()).containsExactly("id", "day");
    assertThat(measures.columns())
        .extracting(Column::type)
        .containsExactly(
            DataType.INTEGER,
            DataType.decimal(12, 2),
            DataType.DECIMAL,
            DataType.floating(4),
            DataType.TIMESTAMPTZ,
            DataType.DATE,
            DataType.TIME,
            DataType.JSON,
            DataType.BYTES,
            DataType.UUID,
            DataType.arrayOf(DataType.TEXT),
            DataType.BOOLEAN,
            DataType.TEXT);
    assertThat(measures.columns().get(0).nullable()).isFalse();
    assertThat(measures.columns().get(1).nullable()).isTrue();
  }

  private int schemas;

  private String newSchema() {
    String schema =
        "src_"
            + getClass().getSimpleName().toLowerCase()
            + "_"
            + (++schemas)
            + "_"
            + System.nanoTime();
    postgres.execute(DB, "CREATE SCHEMA " + schema);
    return schema;
  }

  /**
   * Creates one table in a fresh schema, fills it, and copies it to schema {@code <schema>_dst}.
   */
  private String roundTrip(String table, String columns, String values) throws Exception {
    String schema = newSchema();
    postgres.execute(
        DB,
        "CREATE TABLE "
            + schema
            + "."
            + table
            + " ("
            + columns
            + ");"
            + " INSERT INTO "
            + schema
            + "."
            + table
            + " VALUES "
            + values);
    copy(schema, discover(schema), SyncMode.FULL_REFRESH_OVERWRITE);
    return schema;
  }

  private List<StreamDescriptor> discover(String schema) {
    try (Source source = source(schema)) {
      return source.discover();
    }
  }

  private void copy(String schema, List<StreamDescriptor> streams, SyncMode mode)
      throws InterruptedException {
    try (Source source = source(schema);
        Destination destination =
            ConnectorRegistry.builtIn()
                .factory("destination-postgres")
                .createDestination(postgres.destinationSettings(DB, schema + "_dst"))) {
      TestingSync.copy(source, streams, destination, mode);
    }
  }

  private Source source(String schema) {
    return ConnectorRegistry.builtIn()
        .factory("source-postgres")
        .createSource(postgres.sourceSettings(DB, List.of(schema)));
  }

  /** Values of {@code expression} over the destination table, ordered by id. */
  private List<String> text(String schema, String table, String expression) throws SQLException {
    return query(
        "SELECT " + expression + " FROM " + schema + "_dst." + table + " ORDER BY 1 IS NULL, id");
  }

  private static List<String> query(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private String columnType(String schema, String table, String column) throws SQLException {
    return query(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
                + schema
                + "_dst."
                + table
                + "'::regclass AND attname = '"
                + column
                + "'")
        .get(0);
  }

  /**
   * Asserts that source and destination hold the same rows, each expression compared with IS NOT
   * DISTINCT FROM (so NaN, infinities and NULL count as equal to themselves), matched by id.
   */
  private void assertSameRows(String schema, String table, String... expressions)
      throws SQLException {
    String key = table.equals("film") ? "film_id" : "id";
    String sourceRows = query("SELECT count(*) FROM " + schema + "." + table).get(0);
    String destinationRows = query("SELECT count(*) FROM " + schema + "_dst." + table).get(0);

    assertThat(destinationRows).isEqualTo(sourceRows);
    for (String expression : expressions) {
      String sql =
          "SELECT count(*) FROM "
              + schema
              + "."
              + table
              + " s JOIN "
              + schema
              + "_dst."
              + table
              + " d ON s."
              + key
              + " = d."
              + key
              + " AND "
              + qualify("s", expression)
              + " IS NOT DISTINCT FROM "
              + qualify("d", expression);
      assertThat(query(sql).get(0)).as("rows with equal " + expression).isEqualTo(sourceRows);
    }
  }

  private static String qualify(String alias, String expression) {
    return alias + "." + expression;
  }
}
