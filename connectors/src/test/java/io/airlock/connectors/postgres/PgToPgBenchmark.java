package io.airlock.connectors.postgres;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.util.List;

/**
 * Manual measurement, not a test: copies a patients-like table of {@code rows} rows (default 2
 * million) with the connectors on one thread, and the same with psql's COPY pipe when psql is on
 * the PATH. Run with the test class path: {@code java -Xmx256m … PgToPgBenchmark 2000000}.
 */
public final class PgToPgBenchmark {
  private PgToPgBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    try (TestingPostgres postgres = TestingPostgres.start()) {
      postgres.createDatabase("bench");
      postgres.execute("bench", createSql(rows));
      postgres.execute("bench", "VACUUM ANALYZE patients");
      System.out.println("generated " + rows + " rows");
      for (int run = 0; run < 2; run++) {
        System.out.println("pipe_seconds=" + pipe(postgres));
        System.out.println("airlock_seconds=" + airlock(postgres));
      }
    }
  }

  private static double airlock(TestingPostgres postgres) throws Exception {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    try (Source source =
        ConnectorRegistry.builtIn()
            .factory("source-postgres")
            .createSource(postgres.sourceSettings("bench", List.of("public")))) {
      long[] count = {0};
      source.read(source.discover().get(0), batch -> count[0] += batch.size());
    }
    System.out.println(
        "read_only_seconds="
            + (System.nanoTime() - start) / 1e9
            + " cpu="
            + (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
    cpu = threads.getCurrentThreadCpuTime();
    start = System.nanoTime();
    try (Source source =
            ConnectorRegistry.builtIn()
                .factory("source-postgres")
                .createSource(postgres.sourceSettings("bench", List.of("public")));
        Destination destination =
            ConnectorRegistry.builtIn()
                .factory("destination-postgres")
                .createDestination(postgres.destinationSettings("bench", "airlock"))) {
      TestingSync.copyAll(source, destination, SyncMode.FULL_REFRESH_OVERWRITE);
    }
    System.out.println("airlock_cpu=" + (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
    return (System.nanoTime() - start) / 1e9;
  }

  private static double pipe(TestingPostgres postgres) throws Exception {
    postgres.execute(
        "bench", "DROP TABLE IF EXISTS twin; CREATE TABLE twin (LIKE public.patients)");
    String psql = "psql -X -q -h 127.0.0.1 -p " + postgres.port() + " -U postgres -d bench";
    String command =
        psql + " -c '\\copy public.patients to stdout' | " + psql + " -c '\\copy twin from stdin'";
    long start = System.nanoTime();
    Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("psql pipe failed");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    postgres.execute("bench", "DROP TABLE twin");
    return seconds;
  }

  private static String createSql(int rows) {
    return "CREATE TABLE patients (id bigint PRIMARY KEY, uid uuid, first_name text,"
        + " last_name text, ssn text, email text, phone text, birthdate date,"
        + " created_at timestamptz, updated_at timestamp, balance numeric(12,2),"
        + " score double precision, active boolean, attributes jsonb, notes text);"
        + " INSERT INTO patients SELECT i, md5(i::text)::uuid, 'First' || i, 'Last' || (i % 1000),"
        + " lpad((i % 999999999)::text, 9, '0'), 'user' || i || '@example.com',"
        + " '+1-555-' || lpad((i % 10000)::text, 4, '0'), date '1950-01-01' + (i % 20000),"
        + " timestamptz '2020-01-01 00:00:00+00' + i * interval '1 second',"
        + " timestamp '2021-01-01 00:00:00' + i * interval '1 millisecond',"
        + " (i % 100000) / 100.0, i / 7.0, i % 2 = 0,"
        + " jsonb_build_object('k', i, 'tags', jsonb_build_array('a', 'b'), 'note', 'x\ty'),"
        + " 'Some notes for patient ' || i || E' with a \\\\ backslash'"
        + " FROM generate_series(1, "
        + rows
        + ") i";
  }
}
