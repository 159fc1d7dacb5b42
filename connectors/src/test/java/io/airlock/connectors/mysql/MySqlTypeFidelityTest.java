package io.airlock.connectors.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingMariaDb;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One MariaDB column per MySQL type, discovered with its exact {@link DataType} and copied into
 * PostgreSQL and into MariaDB with every value intact (docs/type-mapping.md).
 */
class MySqlTypeFidelityTest {
  private static final String SOURCE = "fidelity_src";
  private static final String COPY = "fidelity_copy";
  private static final String PG_DB = "fidelity";

  static final String COLUMNS =
      """
      id INT PRIMARY KEY, ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,
      mi MEDIUMINT, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, d DECIMAL(12,2),
      f FLOAT, db DOUBLE, c CHAR(5), vc VARCHAR(20), tx TEXT, bn BINARY(4), vb VARBINARY(8),
      bl BLOB, dt DATE, dtm DATETIME, dtm6 DATETIME(6), ts TIMESTAMP(3) NULL, tm TIME,
      tm6 TIME(6), y YEAR, b1 BIT(1), b8 BIT(8), e ENUM('a','b'), st SET('x','y'), j JSON,
      bo BOOLEAN
      """;

  static final String ROWS =
      """
      (1, -128, 255, -32768, 65535, -8388608, -2147483648, 4294967295, -9223372036854775808,
       18446744073709551615, -0.01, 3.40282e38, 1.7976931348623157e308,
       'ab', 'exactly twenty chars',
       'any text \\n🚀', x'CAFEBABE', x'00FF', x'CAFEBABE00FF', '2024-02-29', '9999-12-31 23:59:59',
       '2024-05-05 10:00:00.123456', '2038-01-19 03:14:07.999', '23:59:59', '00:00:00.000001',
       2155, b'1', b'10100101', 'b', 'x,y', '{"a" : [1, 2]}', 1),
      (2, 127, 0, 32767, 0, 8388607, 2147483647, 0, 9223372036854775807, 0, 42.42, 0.1, -0.1,
       'abcde', '', '', x'00000000', x'', x'', '0001-01-01', '1000-01-01 00:00:00',
       '1970-01-01 00:00:00.000001', '1970-01-01 00:00:01.000', '00:00:00', '23:59:59.999999',
       1901, b'0', b'10000000', 'a', '', '[]', 0),
      (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL)
      """;

  private static TestingMariaDb mariadb;
  private static TestingPostgres postgres;
  private static StreamDescriptor discovered;

  @BeforeAll
  static void copyTheTable() throws InterruptedException {
    mariadb = TestingMariaDb.shared();
    mariadb.createDatabase(SOURCE);
    mariadb.createDatabase(COPY);
    mariadb.execute(
        SOURCE, "CREATE TABLE typed (" + COLUMNS + "); INSERT INTO typed VALUES " + ROWS);
    postgres = TestingPostgres.start();
    postgres.createDatabase(PG_DB);
    try (Source source = source();
        Destination toPostgres =
            ConnectorRegistry.builtIn()
                .factory("destination-postgres")
                .createDestination(postgres.destinationSettings(PG_DB, "copy"));
        Destination toMariaDb =
            ConnectorRegistry.builtIn()
                .factory("destination-mysql")
                .createDestination(mariadb.destinationSettings(COPY))) {
      discovered = source.discover().get(0);
      TestingSync.copyAll(source, toPostgres, SyncMode.FULL_REFRESH_OVERWRITE);
      TestingSync.copyAll(source, toMariaDb, SyncMode.FULL_REFRESH_OVERWRITE);
    }
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void everyColumnIsDiscoveredWithItsExactType() {
    assertThat(discovered.name()).isEqualTo("typed");
    assertThat(discovered.namespace()).isEqualTo(SOURCE);
    assertThat(discovered.primaryKey()).containsExactly("id");
    assertThat(discovered.columns().stream().map(Column::type).toList())
        .containsExactly(
            DataType.integer(4),
            DataType.integer(2),
            DataType.integer(2),
            DataType.integer(2),
            DataType.integer(4),
            DataType.integer(4),
            DataType.integer(4),
            DataType.INTEGER,
            DataType.INTEGER,
            DataType.decimal(20, 0),
            DataType.decimal(12, 2),
            DataType.floating(4),
            DataType.FLOAT,
            DataType.fixedText(5),
            DataType.text(20),
            DataType.TEXT,
            DataType.BYTES,
            DataType.BYTES,
            DataType.BYTES,
            DataType.DATE,
            DataType.temporal(DataType.Kind.TIMESTAMP, 0),
            DataType.temporal(DataType.Kind.TIMESTAMP, 6),
            DataType.temporal(DataType.Kind.TIMESTAMPTZ, 3),
            DataType.temporal(DataType.Kind.TIME, 0),
            DataType.temporal(DataType.Kind.TIME, 6),
            DataType.integer(2),
            DataType.BOOLEAN,
            DataType.BYTES,
            DataType.TEXT,
            DataType.TEXT,
            DataType.exactJson(),
            DataType.integer(2));
  }

  @Test
  void temporalColumnsAreNullableBecauseZeroDatesReadAsNull() {
    assertThat(discovered.column("id").orElseThrow().nullable()).isFalse();
    assertThat(discovered.column("dt").orElseThrow().nullable()).isTrue();
  }

  @Test
  void everyValueArrivesInPostgres() throws SQLException {
    List<String> rows = postgresRows("SELECT * FROM copy.typed ORDER BY id");

    assertThat(rows)
        .containsExactly(
            "1|-128|255|-32768|65535|-8388608|-2147483648|4294967295|-9223372036854775808"
                + "|18446744073709551615|-0.01|3.40282e+38|1.7976931348623157e+308|ab   "
                + "|exactly twenty chars|any text \n🚀|\\xcafebabe|\\x00ff|\\xcafebabe00ff"
                + "|2024-02-29|9999-12-31 23:59:59|2024-05-05 10:00:00.123456"
                + "|2038-01-19 03:14:07.999+00|23:59:59|00:00:00.000001|2155|t|\\xa5|b|x,y"
                + "|{\"a\" : [1, 2]}|1",
            "2|127|0|32767|0|8388607|2147483647|0|9223372036854775807|0|42.42|0.1|-0.1|abcde"
                + "|||\\x00000000|\\x|\\x|0001-01-01|1000-01-01 00:00:00"
                + "|1970-01-01 00:00:00.000001|1970-01-01 00:00:01+00|00:00:00|23:59:59.999999"
                + "|1901|f|\\x80|a||[]|0",
            "3" + "|null".repeat(31));
  }

  @Test
  void postgresColumnsKeepTheDeclaredTypes() throws SQLException {
    List<String> types =
        postgresRows(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = 'copy.typed'::regclass AND attnum > 0 ORDER BY attnum");

    assertThat(String.join(", ", types))
        .isEqualTo(
            "integer, smallint, smallint, smallint, integer, integer, integer, bigint, bigint,"
                + " numeric(20,0), numeric(12,2), real, double precision, character(5),"
                + " character varying(20), text, bytea, bytea, bytea, date,"
                + " timestamp(0) without time zone, timestamp(6) without time zone,"
                + " timestamp(3) with time zone, time(0) without time zone,"
                + " time(6) without time zone, smallint, boolean, bytea, text, text, json,"
                + " smallint");
  }

  @Test
  void everyValueArrivesInMariaDb() throws SQLException {
    try (Connection connection = mariadb.connectForComparison(null)) {
      List<String> source = TextRows.mysql(connection, SOURCE, "typed");
      List<String> copy = TextRows.mysql(connection, COPY, "typed");

      assertThat(copy).hasSize(3).containsExactlyElementsOf(source);
    }
  }

  @Test
  void mariaDbColumnsKeepTheDeclaredTypes() throws SQLException {
    try (Connection connection = mariadb.connectForComparison(null);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT GROUP_CONCAT(COLUMN_TYPE ORDER BY ORDINAL_POSITION SEPARATOR ', '),"
                    + " MIN(TABLE_COLLATION) FROM information_schema.COLUMNS c"
                    + " JOIN information_schema.TABLES t USING (TABLE_SCHEMA, TABLE_NAME)"
                    + " WHERE TABLE_SCHEMA = '"
                    + COPY
                    + "' AND TABLE_NAME = 'typed'")) {
      rows.next();

      assertThat(rows.getString(1))
          .isEqualTo(
              "int(11), smallint(6), smallint(6), smallint(6), int(11), int(11), int(11),"
                  + " bigint(20), bigint(20), decimal(20,0), decimal(12,2), double, double,"
                  + " char(5), varchar(20), longtext, longblob, longblob, longblob, date,"
                  + " datetime, datetime(6), datetime(3), time, time(6), smallint(6),"
                  + " tinyint(1), longblob, longtext, longtext, longtext, smallint(6)");
      assertThat(rows.getString(2)).isEqualTo("utf8mb4_bin");
    }
  }

  private static List<String> postgresRows(String sql) throws SQLException {
    try (Connection connection = postgres.connect(PG_DB);
        Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      try (ResultSet rows = statement.executeQuery(sql)) {
        ResultSetMetaData meta = rows.getMetaData();
        List<String> result = new ArrayList<>();
        while (rows.next()) {
          List<String> values = new ArrayList<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            values.add(String.valueOf(rows.getString(i)));
          }
          result.add(String.join("|", values));
        }
        return result;
      }
    }
  }

  private static Source source() {
    return ConnectorRegistry.builtIn()
        .factory("source-mysql")
        .createSource(mariadb.sourceSettings(SOURCE));
  }
}
