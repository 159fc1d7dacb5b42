package io.airlock.connectors.contract;

import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.testing.TestingPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The PostgreSQL source and destination against the connector contract, on a real server. */
class PostgresContractTest {
  private static final String DB = "contract";
  private static final String WRONG_PASSWORD = "wrong-password-3f9c";

  private static TestingPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
    postgres.execute(
        DB,
        "CREATE SCHEMA shop; CREATE TABLE shop.orders (id bigint PRIMARY KEY, amount numeric(12,2),"
            + " placed timestamptz, tags text[], doc jsonb, note text);"
            + " INSERT INTO shop.orders SELECT g, g * 1.5, timestamptz '2024-01-01' + g * interval"
            + " '1 hour', ARRAY['a', NULL], '{\"g\": 1}', 'n' || g FROM generate_series(1, 1200) g;"
            + " INSERT INTO shop.orders VALUES (0, 'NaN', 'infinity', NULL, NULL, NULL);"
            + " CREATE SCHEMA dw");
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  /** A database that does not exist, and a wrong password (the test server trusts loopback). */
  private static ConnectorSettings wrongPassword(String type) {
    Map<String, Object> config = postgres.connectionConfig("no_such_database");
    return new ConnectorSettings(type, config, reference -> Secret.of(WRONG_PASSWORD));
  }

  @Nested
  class Source extends SourceContract {
    @Override
    protected String type() {
      return "source-postgres";
    }

    @Override
    protected ConnectorSettings goodSettings() {
      return postgres.sourceSettings(DB, List.of("shop"));
    }

    @Override
    protected ConnectorSettings badSettings() {
      return wrongPassword(type());
    }

    @Override
    protected String secretInBadSettings() {
      return WRONG_PASSWORD;
    }
  }

  @Nested
  class Destination extends DestinationContract {
    @Override
    protected String type() {
      return "destination-postgres";
    }

    @Override
    protected ConnectorSettings goodSettings() {
      return postgres.destinationSettings(DB, "dw");
    }

    @Override
    protected ConnectorSettings badSettings() {
      return wrongPassword(type());
    }

    @Override
    protected List<Long> idsOf(String stream) throws SQLException {
      List<Long> ids = new ArrayList<>();
      try (Connection connection = postgres.connect(DB);
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery("SELECT id FROM dw.\"" + stream + "\" ORDER BY id")) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
      return ids;
    }
  }
}
