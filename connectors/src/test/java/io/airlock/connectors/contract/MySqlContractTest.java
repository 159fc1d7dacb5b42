package io.airlock.connectors.contract;

import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingMariaDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The MySQL/MariaDB source and destination against the connector contract, on a real MariaDB. */
class MySqlContractTest {
  private static final String SOURCE_DB = "contract_src";
  private static final String DESTINATION_DB = "contract_dst";
  private static final String WRONG_PASSWORD = "wrong-password-7d21";

  private static TestingMariaDb mariadb;

  @BeforeAll
  static void startMariaDb() {
    mariadb = TestingMariaDb.shared();
    mariadb.createDatabase(SOURCE_DB);
    mariadb.createDatabase(DESTINATION_DB);
    mariadb.execute(
        SOURCE_DB,
        "CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, amount decimal(12,2),"
            + " placed datetime(6), note varchar(40), doc json)");
    mariadb.execute(
        SOURCE_DB,
        "REPLACE INTO orders VALUES (1, 1.50, '2024-01-01 10:00:00.123456', 'a',"
            + " JSON_OBJECT('k', 1)),"
            + " (2, -0.01, NULL, NULL, NULL)");
  }

  private static ConnectorSettings wrongPassword(String type, String database) {
    Map<String, Object> config = mariadb.connectionConfig(database);
    return new ConnectorSettings(type, config, reference -> Secret.of(WRONG_PASSWORD));
  }

  @Nested
  class Source extends SourceContract {
    @Override
    protected String type() {
      return "source-mysql";
    }

    @Override
    protected ConnectorSettings goodSettings() {
      return mariadb.sourceSettings(SOURCE_DB);
    }

    @Override
    protected ConnectorSettings badSettings() {
      return wrongPassword(type(), SOURCE_DB);
    }

    @Override
    protected String secretInBadSettings() {
      return WRONG_PASSWORD;
    }
  }

  /** The source reading by change capture from the binary log. */
  @Nested
  class ChangeCaptureSource extends SourceContract {
    @Override
    protected String type() {
      return "source-mysql";
    }

    @Override
    protected ConnectorSettings goodSettings() {
      return cdc(mariadb.connectionConfig(SOURCE_DB), mariadb.secrets());
    }

    @Override
    protected ConnectorSettings badSettings() {
      return cdc(mariadb.connectionConfig(SOURCE_DB), reference -> Secret.of(WRONG_PASSWORD));
    }

    @Override
    protected String secretInBadSettings() {
      return WRONG_PASSWORD;
    }

    @Override
    protected String cursorField(StreamDescriptor stream) {
      return "_airlock_lsn";
    }

    @Override
    protected boolean rereadsTheLastCursorValue() {
      return false;
    }

    private ConnectorSettings cdc(Map<String, Object> config, SecretResolver secrets) {
      Map<String, Object> withMethod = new HashMap<>(config);
      withMethod.put("replication_method", "cdc");
      return new ConnectorSettings(type(), withMethod, secrets);
    }
  }

  @Nested
  class Destination extends DestinationContract {
    @Override
    protected String type() {
      return "destination-mysql";
    }

    @Override
    protected ConnectorSettings goodSettings() {
      return mariadb.destinationSettings(DESTINATION_DB);
    }

    @Override
    protected ConnectorSettings badSettings() {
      return wrongPassword(type(), DESTINATION_DB);
    }

    @Override
    protected List<Long> idsOf(String stream) throws SQLException {
      List<Long> ids = new ArrayList<>();
      try (Connection connection = mariadb.connect(DESTINATION_DB);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT id FROM `" + stream + "` ORDER BY id")) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
      return ids;
    }
  }
}
