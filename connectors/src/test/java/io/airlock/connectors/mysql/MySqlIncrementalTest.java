package io.airlock.connectors.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.connectors.testing.TestingMariaDb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Incremental reads of the MySQL source on a real MariaDB: the comparison is inclusive (a row
 * written later with exactly the last cursor arrives), the state keeps a datetime's microseconds
 * and a decimal's every digit, and rows before the cursor are not read again.
 */
class MySqlIncrementalTest {
  private static final String DB = "incremental";

  private static TestingMariaDb mariadb;

  @BeforeAll
  static void createTable() {
    mariadb = TestingMariaDb.shared();
    mariadb.createDatabase(DB);
    mariadb.execute(
        DB,
        "CREATE TABLE orders (id bigint PRIMARY KEY, updated datetime(6),"
            + " amount decimal(30,12)); INSERT INTO orders VALUES"
            + " (1, '2024-05-05 09:00:00.000001', 1.000000000001),"
            + " (2, NULL, 2.5),"
            + " (3, '2024-05-05 10:00:00.123456', 98765432101.123456789012)");
  }

  @Test
  void aRowAtTheSavedDatetimeArrivesAndEarlierOnesDoNot() throws InterruptedException {
    Read first = read("updated", null);
    assertThat(first.ids()).containsExactly(1L, 3L, 2L);
    assertThat(first.state()).contains("2024-05-05 10:00:00.123456");

    mariadb.execute(
        DB,
        "INSERT INTO orders VALUES (4, '2024-05-05 10:00:00.123456', 4),"
            + " (5, '2024-05-05 10:00:00.123455', 5)");
    try {
      Read second = read("updated", first.state());

      assertThat(second.ids())
          .as("3 again and 4 at the same cursor, 5 before it never, 2 (NULL) every time")
          .containsExactly(3L, 4L, 2L);
    } finally {
      mariadb.execute(DB, "DELETE FROM orders WHERE id IN (4, 5)");
    }
  }

  @Test
  void aDecimalCursorKeepsEveryDigit() throws InterruptedException {
    Read first = read("amount", null);
    assertThat(first.state()).contains("98765432101.123456789012");

    Read second = read("amount", first.state());

    assertThat(second.ids()).containsExactly(3L);
  }

  private record Read(List<Long> ids, String state) {}

  private static Read read(String cursor, String state) throws InterruptedException {
    List<Long> ids = new ArrayList<>();
    String[] last = new String[1];
    try (Source source =
        ConnectorRegistry.builtIn()
            .factory("source-mysql")
            .createSource(mariadb.sourceSettings(DB))) {
      StreamDescriptor orders = source.discover().getFirst();
      source.read(
          new StreamRead(orders, cursor, state),
          new BatchSink() {
            @Override
            public void accept(RecordBatch batch) {
              batch.rows().forEach(row -> ids.add((Long) row[0]));
            }

            @Override
            public void checkpoint(String marked) {
              last[0] = marked;
            }
          });
    }
    return new Read(ids, last[0]);
  }
}
