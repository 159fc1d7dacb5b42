package io.airlock.connectors.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.testing.TestingMariaDb;
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
 * Typed PostgreSQL tables copied into MariaDB by {@code destination-mysql} and back into PostgreSQL
 * by {@code source-mysql}: every value survives the round trip.
 */
class PostgresToMariaDbRoundTripTest {
  private static final String PG_DB = "roundtrip";
  private static final String MARIADB_DB = "roundtrip";

  private static final String TABLES =
      """
      CREATE TABLE origin.measures (
        id integer PRIMARY KEY, small smallint, big bigint, amount numeric(12,2),
        plain numeric, single real, dbl double precision, flag boolean);
      INSERT INTO origin.measures VALUES
        (1, -32768, -9223372036854775808, -0.01, 98765432101.12345678901234, 0.1, -1.5e-300,
         true),
        (2, 32767, 9223372036854775807, 42.42, 0, 3.4028235e38, 1.7976931348623157e308, false),
        (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
      CREATE TABLE origin.documents (
        id bigint PRIMARY KEY, name varchar(40), code char(3), body text, bin bytea,
        doc jsonb, uid uuid);
      INSERT INTO origin.documents VALUES
        (1, 'rocket 🚀', 'ab', E'line one\\r\\nline two', '\\xCAFEBABE00FF',
         '[{"k": 1}, null, "x"]', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
        (2, '', 'xyz', '', '\\x', '{}', NULL),
        (3, NULL, NULL, NULL, NULL, NULL, NULL);
      CREATE TABLE origin.moments (
        id integer PRIMARY KEY, day date, at_time time(6), ts timestamp(6), tstz timestamptz(3));
      INSERT INTO origin.moments VALUES
        (1, '0001-01-01', '00:00:00', '1000-01-01 00:00:00', '1970-01-01 00:00:00+00'),
        (2, '9999-12-31', '23:59:59.999999', '2024-05-05 10:00:00.123456',
         '2024-03-01 01:00:00.123+01'),
        (3, NULL, NULL, NULL, NULL);
      """;

  private static TestingMariaDb mariadb;
  private static TestingPostgres postgres;

  @BeforeAll
  static void roundTrip() throws InterruptedException {
    mariadb = TestingMariaDb.shared();
    mariadb.createDatabase(MARIADB_DB);
    postgres = TestingPostgres.start();
    postgres.createDatabase(PG_DB);
    postgres.execute(PG_DB, "CREATE SCHEMA origin; " + TABLES);
    try (Source source =
            ConnectorRegistry.builtIn()
                .factory("source-postgres")
                .createSource(postgres.sourceSettings(PG_DB, List.of("origin")));
        Destination destination =
            ConnectorRegistry.builtIn()
                .factory("destination-mysql")
                .createDestination(mariadb.destinationSettings(MARIADB_DB))) {
      TestingSync.copyAll(source, destination, SyncMode.FULL_REFRESH_OVERWRITE);
    }
    try (Source source =
            ConnectorRegistry.builtIn()
                .factory("source-mysql")
                .createSource(mariadb.sourceSettings(MARIADB_DB));
        Destination destination =
            ConnectorRegistry.builtIn()
                .factory("destination-postgres")
                .createDestination(postgres.destinationSettings(PG_DB, "back"))) {
      TestingSync.copyAll(source, destination, SyncMode.FULL_REFRESH_OVERWRITE);
    }
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void numbersSurviveTheRoundTrip() throws SQLException {
    String columns = "id, small, big, amount, plain, single, dbl";

    assertThat(rows("SELECT " + columns + ", flag::int FROM origin.measures ORDER BY id"))
        .hasSize(3)
        .containsExactlyElementsOf(
            rows("SELECT " + columns + ", flag FROM back.measures ORDER BY id"));
  }

  @Test
  void textBytesJsonAndUuidsSurviveTheRoundTrip() throws SQLException {
    assertThat(
            rows(
                "SELECT id, name, code, body, encode(bin, 'hex'), doc::text, uid::text"
                    + " FROM origin.documents ORDER BY id"))
        .hasSize(3)
        .containsExactlyElementsOf(
            rows(
                "SELECT id, name, code, body, encode(bin, 'hex'), doc::text, uid"
                    + " FROM back.documents ORDER BY id"));
  }

  @Test
  void temporalValuesSurviveTheRoundTripInUtc() throws SQLException {
    assertThat(
            rows(
                "SELECT id, day, at_time, ts, tstz AT TIME ZONE 'UTC' FROM origin.moments"
                    + " ORDER BY id"))
        .hasSize(3)
        .containsExactlyElementsOf(
            rows("SELECT id, day, at_time, ts, tstz FROM back.moments ORDER BY id"));
  }

  @Test
  void mariaDbHoldsTheDeclaredTypes() throws SQLException {
    try (Connection connection = mariadb.connect(MARIADB_DB);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT GROUP_CONCAT(COLUMN_TYPE ORDER BY ORDINAL_POSITION SEPARATOR ', ')"
                    + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                    + MARIADB_DB
                    + "' AND TABLE_NAME = 'measures'")) {
      result.next();

      assertThat(result.getString(1))
          .isEqualTo(
              "int(11), smallint(6), bigint(20), decimal(12,2), decimal(65,30), double, double,"
                  + " tinyint(1)");
    }
  }

  private static List<String> rows(String sql) throws SQLException {
    try (Connection connection = postgres.connect(PG_DB);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      List<String> rows = new ArrayList<>();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = result.getObject(i);
          values.add(
              value instanceof java.math.BigDecimal d
                  ? d.stripTrailingZeros().toPlainString()
                  : String.valueOf(result.getString(i)));
        }
        rows.add(String.join("|", values));
      }
      return rows;
    }
  }
}
