package io.airlock.connectors.mysql;

import io.airlock.connectors.postgres.PostgresDestinationFactory;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingMariaDb;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Manual measurement, not a test: commit-to-visible latency of MariaDB change capture into
 * PostgreSQL with the connectors in one process (no control plane or data plane), syncs back to
 * back while a writer commits {@code rate} rows per second for {@code seconds}. Run with the test
 * class path: {@code java … MariaDbCdcLagBenchmark 1000 60}. bench/README.md has the figures.
 */
public final class MariaDbCdcLagBenchmark {
  private static final String DB = "cdc_lag";
  private static final String TABLE = "cdc_lag";

  private MariaDbCdcLagBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    TestingMariaDb mariadb = TestingMariaDb.shared();
    mariadb.createDatabase(DB);
    mariadb.execute(
        DB, "CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, created_at DATETIME(6) NOT NULL)");
    try (TestingPostgres postgres = TestingPostgres.start()) {
      postgres.createDatabase(DB);
      String state = sync(mariadb, postgres, null);
      postgres.execute(
          DB,
          "ALTER TABLE public."
              + TABLE
              + " ADD COLUMN visible_at timestamptz NOT NULL DEFAULT clock_timestamp()");
      AtomicReference<Exception> failure = new AtomicReference<>();
      Thread writer = Thread.ofPlatform().start(() -> write(mariadb, rate, seconds, failure));
      int syncs = 0;
      long started = System.nanoTime();
      while (writer.isAlive()) {
        state = sync(mariadb, postgres, state);
        syncs++;
      }
      writer.join();
      if (failure.get() != null) {
        throw failure.get();
      }
      sync(mariadb, postgres, state);
      double mean = (System.nanoTime() - started) / 1e9 / Math.max(1, syncs);
      report(postgres, syncs + 1, mean);
    }
  }

  private static void write(
      TestingMariaDb mariadb, int rate, int seconds, AtomicReference<Exception> failure) {
    int perTick = Math.max(1, rate / 100);
    try (Connection connection = mariadb.connect(DB)) {
      StringBuilder sql = new StringBuilder("INSERT INTO " + TABLE + " VALUES ");
      for (int i = 0; i < perTick; i++) {
        sql.append(i > 0 ? ", " : "").append("(?, UTC_TIMESTAMP(6))");
      }
      try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
        long start = System.nanoTime();
        for (long tick = 0; tick < seconds * 100L; tick++) {
          LockSupport.parkNanos(start + tick * 10_000_000L - System.nanoTime());
          for (int i = 0; i < perTick; i++) {
            insert.setLong(i + 1, tick * perTick + i + 1);
          }
          insert.executeUpdate();
        }
      }
    } catch (Exception e) {
      failure.set(e);
    }
  }

  private static String sync(TestingMariaDb mariadb, TestingPostgres postgres, String state)
      throws InterruptedException {
    Map<String, Object> config = new HashMap<>(mariadb.connectionConfig(DB));
    config.put("replication_method", "cdc");
    String[] committed = {state};
    try (Source source =
            new MySqlSourceFactory()
                .createSource(new ConnectorSettings("source-mysql", config, mariadb.secrets()));
        Destination destination =
            new PostgresDestinationFactory()
                .createDestination(postgres.destinationSettings(DB, "public"))) {
      StreamDescriptor stream = source.discover().get(0);
      try (StreamWriter writer =
          destination.open(stream, SyncMode.INCREMENTAL_APPEND_DEDUP, "_airlock_lsn")) {
        source.read(
            new StreamRead(stream, "_airlock_lsn", state),
            new BatchSink() {
              @Override
              public void accept(RecordBatch batch) {
                writer.write(batch);
              }

              @Override
              public void checkpoint(String next) {
                writer.checkpoint();
                committed[0] = next;
              }
            });
        writer.finish();
      }
    }
    return committed[0];
  }

  private static void report(TestingPostgres postgres, int syncs, double meanSync)
      throws Exception {
    String latency = "extract(epoch from visible_at - (created_at AT TIME ZONE 'UTC'))";
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY "
                    + latency
                    + "), percentile_cont(0.99) WITHIN GROUP (ORDER BY "
                    + latency
                    + "), max("
                    + latency
                    + ") FROM public."
                    + TABLE)) {
      result.next();
      System.out.printf(
          Locale.ROOT,
          "mariadb_cdc_lag_changes=%d mariadb_cdc_lag_syncs=%d mariadb_cdc_lag_sync_mean_seconds=%.3f%n",
          result.getLong(1),
          syncs,
          meanSync);
      System.out.printf(Locale.ROOT, "mariadb_cdc_lag_max_seconds=%.3f%n", result.getDouble(4));
      System.out.printf(Locale.ROOT, "mariadb_cdc_lag_p50_seconds=%.3f%n", result.getDouble(2));
      System.out.printf(Locale.ROOT, "mariadb_cdc_lag_p99_seconds=%.3f%n", result.getDouble(3));
    }
  }
}
