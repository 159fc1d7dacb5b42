package io.airlock.connectors.postgres;

import io.airlock.connectors.postgres.PostgresCatalog.CatalogColumn;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.RecordBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads a large table for a full refresh with several connections at once, all under one snapshot:
 * the calling connection opens a {@code REPEATABLE READ} transaction and exports its snapshot; each
 * worker connection imports it ({@code SET TRANSACTION SNAPSHOT}) and copies page ranges of the
 * table with TID range scans until none is left. Every worker therefore sees exactly the rows the
 * table held when the snapshot was taken, whatever is written meanwhile.
 *
 * <p>Workers hand their batches to a bounded queue; the calling thread alone passes them on to the
 * sink, which need not be thread-safe. Memory stays bounded by the queue. If a worker fails, the
 * others are cancelled and the read fails naming the table and the failed range; every connection
 * is closed before {@link #read} returns or throws.
 */
final class ParallelSnapshotRead {
  private static final Logger log = LoggerFactory.getLogger(ParallelSnapshotRead.class);

  /** Ranges per worker: more ranges than workers even out ranges that hold more live rows. */
  static final int RANGES_PER_READER = 4;

  /** Batches waiting in the queue, per worker. */
  static final int QUEUE_BATCHES_PER_READER = 2;

  /** The first server version with TID range scans. */
  static final int MIN_SERVER_VERSION = 140000;

  private static final long POLL_MILLIS = 100;
  private static final long STOP_WAIT_MILLIS = 30_000;
  private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]{1,64}");
  private static final Object DONE = new Object();

  private final PostgresSession session;
  private final ParallelReadSettings settings;
  private final Runnable afterExport;

  /**
   * @param afterExport runs once the snapshot is exported and before any worker starts (tests
   *     change the table there to show that the workers do not see it)
   */
  ParallelSnapshotRead(
      PostgresSession session, ParallelReadSettings settings, Runnable afterExport) {
    this.session = session;
    this.settings = settings;
    this.afterExport = afterExport;
  }

  /**
   * Decides whether to read {@code schema.table} in parallel and logs the decision: the number of
   * pages to split, or empty to read it with one COPY.
   */
  OptionalLong pagesToSplit(Connection connection, String schema, String table)
      throws SQLException {
    String name = schema + "." + table;
    if (!settings.enabled()) {
      log.info("Reading {} with one reader: parallel_readers is 1", name);
      return OptionalLong.empty();
    }
    TableSize size = measure(connection, schema, table);
    String single = "Reading {} with one reader: {}";
    if (size == null || !"rm".contains(size.kind())) {
      log.info(single, name, "it is not a table with pages of its own (view or partitioned)");
      return OptionalLong.empty();
    }
    if (size.serverVersion() < MIN_SERVER_VERSION) {
      log.info(single, name, "the server is older than PostgreSQL 14 (no TID range scans)");
      return OptionalLong.empty();
    }
    if (size.bytes() < settings.minTableBytes() || size.pages() < 2) {
      log.info(
          "Reading {} with one reader: {} MB is under parallel_min_table_mb ({} MB)",
          name,
          size.bytes() >> 20,
          settings.minTableBytes() >> 20);
      return OptionalLong.empty();
    }
    return OptionalLong.of(size.pages());
  }

  private record TableSize(String kind, long bytes, long pages, int serverVersion) {}

  private static TableSize measure(Connection connection, String schema, String table)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT c.relkind, pg_relation_size(c.oid),"
                + " current_setting('block_size')::bigint,"
                + " current_setting('server_version_num')::int"
                + " FROM pg_class c WHERE c.oid = to_regclass(?)")) {
      statement.setString(1, SqlIdentifiers.qualified(schema, table));
      try (ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          return null;
        }
        long bytes = result.getLong(2);
        return new TableSize(
            result.getString(1), bytes, bytes / result.getLong(3), result.getInt(4));
      }
    }
  }

  /**
   * Reads every row of {@code schema.table} into {@code sink}, in page ranges, under a snapshot
   * exported from {@code coordinator} (which this leaves in auto-commit mode again).
   *
   * @return the number of rows read, or empty when the server refused to export a snapshot and the
   *     caller should read with one COPY
   */
  OptionalLong read(
      Connection coordinator,
      String schema,
      String table,
      List<CatalogColumn> columns,
      long pages,
      BatchSink sink)
      throws SQLException, InterruptedException {
    String name = schema + "." + table;
    coordinator.setAutoCommit(false);
    try {
      String snapshot;
      try {
        snapshot = exportSnapshot(coordinator);
      } catch (SQLException e) {
        log.info(
            "Reading {} with one reader: the server cannot export a snapshot (SQLSTATE {})",
            name,
            e.getSQLState());
        return OptionalLong.empty();
      }
      List<PageRange> ranges = PageRange.split(pages, settings.readers() * RANGES_PER_READER);
      int readers = Math.min(settings.readers(), ranges.size());
      log.info(
          "Reading {} ({} pages) with {} parallel readers in {} page ranges under one snapshot",
          name,
          pages,
          readers,
          ranges.size());
      afterExport.run();
      return OptionalLong.of(new Run(schema, table, columns, snapshot, ranges, readers).feed(sink));
    } finally {
      endSnapshot(coordinator, schema + "." + table);
    }
  }

  /**
   * Ends the exporting transaction. A failure here is only logged, so that it cannot hide the
   * read's own failure; the caller closes the connection anyway.
   */
  private static void endSnapshot(Connection coordinator, String name) {
    try {
      coordinator.rollback();
      coordinator.setAutoCommit(true);
    } catch (SQLException e) {
      log.warn(
          "Cannot end the snapshot transaction of {} (SQLSTATE {}); its connection is closed next",
          name,
          e.getSQLState());
    }
  }

  private static String exportSnapshot(Connection coordinator) throws SQLException {
    try (Statement statement = coordinator.createStatement()) {
      statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      try (ResultSet result = statement.executeQuery("SELECT pg_export_snapshot()")) {
        result.next();
        String snapshot = result.getString(1);
        if (!SNAPSHOT_ID.matcher(snapshot).matches()) {
          throw new IllegalStateException("The server exported a snapshot id of unknown form");
        }
        return snapshot;
      }
    }
  }

  /** One parallel read: the workers, the queue between them and the caller, the first failure. */
  private final class Run {
    private final String schema;
    private final String table;
    private final String name;
    private final List<CatalogColumn> columns;
    private final String snapshot;
    private final Queue<PageRange> ranges;
    private final BlockingQueue<Object> queue;
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Map<String, String> context = MDC.getCopyOfContextMap();
    private volatile boolean stopped;

    Run(
        String schema,
        String table,
        List<CatalogColumn> columns,
        String snapshot,
        List<PageRange> ranges,
        int readers) {
      this.schema = schema;
      this.table = table;
      this.name = schema + "." + table;
      this.columns = columns;
      this.snapshot = snapshot;
      this.ranges = new ConcurrentLinkedQueue<>(ranges);
      this.queue = new ArrayBlockingQueue<>(readers * QUEUE_BATCHES_PER_READER);
      for (int i = 1; i <= readers; i++) {
        workers.add(new Worker(i, readers));
      }
    }

    /** Starts the workers and passes their batches to {@code sink} on the calling thread. */
    long feed(BatchSink sink) throws InterruptedException {
      workers.forEach(Worker::start);
      boolean complete = false;
      try {
        long rows = drain(sink);
        complete = true;
        return rows;
      } finally {
        stop(complete);
      }
    }

    private long drain(BatchSink sink) throws InterruptedException {
      long rows = 0;
      int done = 0;
      while (done < workers.size()) {
        Object item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        rethrowFailure();
        if (item == DONE) {
          done++;
        } else if (item instanceof RecordBatch batch) {
          sink.accept(batch);
          rows += batch.size();
        }
      }
      return rows;
    }

    private void rethrowFailure() {
      switch (failure.get()) {
        case null -> {}
        case RuntimeException e -> throw e;
        case Error e -> throw e;
        case Throwable e -> throw new IllegalStateException("Unexpected reader failure", e);
      }
    }

    /** Records the first failure; later ones are usually the others being cancelled. */
    void fail(Throwable cause) {
      if (!failure.compareAndSet(null, cause) || stopped) {
        return;
      }
      log.warn("Parallel read of {} failed; cancelling the other readers", name);
    }

    /**
     * Stops the workers and waits for them to close their connections. After a failure the ones
     * still copying are cancelled on the server and interrupted; the queue is drained so that none
     * stays blocked on it. Waits a bounded time; a worker that does not stop is left behind.
     */
    private void stop(boolean complete) {
      stopped = true;
      if (!complete) {
        workers.forEach(Worker::cancel);
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
      boolean interrupted = false;
      for (Worker worker : workers) {
        while (worker.thread.isAlive() && System.nanoTime() < deadline) {
          queue.clear();
          try {
            worker.thread.join(POLL_MILLIS);
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (worker.thread.isAlive()) {
          log.warn(
              "Parallel reader {} of {} did not stop within {} ms; leaving it behind",
              worker.number,
              name,
              STOP_WAIT_MILLIS);
        }
      }
      queue.clear();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    /** One worker connection: imports the snapshot, then copies ranges until none is left. */
    private final class Worker implements Runnable {
      private final int number;
      private final int of;
      private final Thread thread;
      private volatile Connection connection;
      private volatile PageRange current;

      Worker(int number, int of) {
        this.number = number;
        this.of = of;
        this.thread = new Thread(this, "airlock-read-" + name + "-" + number);
        this.thread.setDaemon(true);
      }

      void start() {
        thread.start();
      }

      @Override
      public void run() {
        if (context != null) {
          MDC.setContextMap(context);
        }
        try (Connection opened = session.open()) {
          connection = opened;
          importSnapshot(opened);
          PageRange range;
          while (!stopped && (range = ranges.poll()) != null) {
            current = range;
            copy(opened, range);
          }
          opened.rollback();
          put(DONE);
        } catch (SQLException e) {
          fail(stopped ? e : external(e));
        } catch (ConnectorException e) {
          fail(stopped ? e : withPlace(e));
        } catch (InterruptedException e) {
          fail(e);
        } catch (RuntimeException | Error e) {
          fail(e);
        } finally {
          connection = null;
        }
      }

      private void importSnapshot(Connection opened) throws SQLException {
        opened.setAutoCommit(false);
        try (Statement statement = opened.createStatement()) {
          statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          statement.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
        }
      }

      private void copy(Connection opened, PageRange range)
          throws SQLException, InterruptedException {
        String sql = PostgresSource.copySql(schema, table, columns, range.where());
        PostgresSource.copyAll(opened, name + " " + range.describe(), columns, sql, this::putBatch);
      }

      private void putBatch(RecordBatch batch) throws InterruptedException {
        put(batch);
      }

      /** Queues an item; once the read is stopped, gives up instead of waiting for room. */
      private void put(Object item) throws InterruptedException {
        while (!queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          if (stopped) {
            throw new InterruptedException("The parallel read of " + name + " was stopped");
          }
        }
      }

      /** Cancels the worker's statement on the server and interrupts it. */
      void cancel() {
        Connection open = connection;
        if (open != null) {
          try {
            open.unwrap(PGConnection.class).cancelQuery();
          } catch (SQLException e) {
            log.warn(
                "Cannot cancel parallel reader {} of {} (SQLSTATE {}); it stops at its next batch",
                number,
                name,
                e.getSQLState());
          }
        }
        thread.interrupt();
      }

      private String place() {
        PageRange range = current;
        return range == null
            ? "reader " + number + " of " + of + " (before its first range)"
            : range.describe();
      }

      private ConnectorException external(SQLException e) {
        return new ConnectorException(
            ConnectorException.Kind.EXTERNAL,
            "Cannot read table "
                + name
                + ", "
                + place()
                + ", from PostgreSQL at "
                + session.address()
                + " (SQLSTATE "
                + e.getSQLState()
                + "); the whole parallel read stopped. Rerun the sync; if it keeps failing,"
                + " set parallel_readers to 1",
            e);
      }

      private ConnectorException withPlace(ConnectorException e) {
        if (e.getMessage().contains(name)) {
          return e;
        }
        return new ConnectorException(
            e.kind(), "Parallel read of table " + name + ", " + place() + ": " + e.getMessage(), e);
      }
    }
  }
}
