package io.airlock.connectors.postgres;

import io.airlock.connectors.cdc.CaptureEngine;
import io.airlock.connectors.cdc.CdcOffsetStore;
import io.airlock.connectors.cdc.CdcState;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one table by change data capture (logical replication with {@code pgoutput}, through the
 * embedded capture engine): an initial snapshot when the stream has no state, then the changes
 * since, until the read has caught up with the log as it was when the read started. A sync is a
 * bounded job: the read ends there.
 *
 * <p>How the end is found: while streaming, the engine's heartbeat writes a logical message with a
 * token unique to this read; the message arrives after every change committed before it, so when it
 * arrives the read has caught up. No clock decides it.
 *
 * <p>The replication slot is acknowledged only up to the saved state, which the engine saves only
 * after the destination committed the records before it: the engine itself never commits offsets.
 */
final class CdcReader {
  private static final Logger log = LoggerFactory.getLogger(CdcReader.class);

  static final String ENGINE_NAME = "airlock-cdc";
  private static final String TOPIC_PREFIX = "airlock";
  private static final String MARKER_PREFIX = "airlock.caught_up";
  private static final long HEARTBEAT_MILLIS = 100;

  /**
   * How long the engine waits before it looks for new events again when it found none; its default
   * of 500 ms is added to every read's end and to the commit-to-visible latency (bench/cdc-lag.sh).
   */
  private static final long POLL_MILLIS = 20;

  /**
   * The engine opens the slot twice per read (once to find where to resume); when the server has
   * not yet let go of the first connection, it retries after this long, instead of its default 10
   * s, which was the worst case of the commit-to-visible latency (bench/cdc-lag.sh). Retries times
   * delay keep the default's patience.
   */
  private static final long SLOT_RETRY_MILLIS = 100;

  private static final int SLOT_RETRIES = 100;

  private static final long SLOT_RELEASE_WAIT_MILLIS = 10_000;

  private final PostgresSession session;
  private final CdcSettings settings;

  CdcReader(PostgresSession session, CdcSettings settings) {
    this.session = session;
    this.settings = settings;
  }

  /**
   * Reads the changes of {@code schema.table} into {@code sink}.
   *
   * @param read the stream, with the two change columns among its columns, and its saved state
   */
  void read(String schema, StreamRead read, BatchSink sink) throws InterruptedException {
    StreamDescriptor stream = read.stream();
    String table = stream.name();
    Optional<CdcState> saved = CdcState.parse(read.state(), stream.qualifiedName());
    String slot = settings.slotName(schema, table);
    String publication = settings.publicationName(schema, table);
    try (Connection connection = session.open()) {
      ensureSlot(connection, slot, saved.isPresent());
      ensurePublication(connection, publication, schema, table);
      saved.ifPresent(state -> acknowledge(connection, slot, state));
    } catch (SQLException e) {
      throw external("prepare change capture of " + schema + "." + table + " on", e);
    }
    log.info(
        "Reading {}.{} by change capture (slot {}, publication {}) from {}",
        schema,
        table,
        slot,
        publication,
        saved.isPresent() ? "the saved log position" : "an initial snapshot");
    String token = UUID.randomUUID().toString();
    Capture capture = new Capture(schema, stream, token, sink);
    run(properties(schema, table, slot, publication, token, saved), capture);
    log.info(
        "Read {} changes of {}.{} ({} deletes) and caught up with the log",
        capture.rows,
        schema,
        table,
        capture.deletes);
  }

  private void run(Properties properties, Capture capture) throws InterruptedException {
    String seedId = properties.getProperty(CdcOffsetStore.SEED_PROPERTY);
    try {
      CaptureEngine.run(properties, "airlock-cdc-" + capture.table(), capture);
    } finally {
      CdcOffsetStore.forget(seedId);
    }
  }

  private ConnectorException engineStopped(String table, String message, Throwable error) {
    return new ConnectorException(
        ConnectorException.Kind.EXTERNAL,
        "Change capture of table "
            + table
            + " at "
            + session.address()
            + " stopped before it caught up with the log"
            + (message == null ? "" : ": " + message)
            + "; check that wal_level is logical, the user may replicate, and the slot exists",
        error);
  }

  /** Receives the engine's batches on its thread and hands rows over to the sink. */
  private final class Capture implements CaptureEngine.Handler {
    private final String schema;
    private final StreamDescriptor stream;
    private final String token;
    private final BatchSink sink;
    private long rows;
    private long deletes;

    Capture(String schema, StreamDescriptor stream, String token, BatchSink sink) {
      this.schema = schema;
      this.stream = stream;
      this.token = token;
      this.sink = sink;
    }

    String table() {
      return schema + "." + stream.name();
    }

    @Override
    public ConnectorException stopped(String message, Throwable error) {
      return engineStopped(table(), message, error);
    }

    @Override
    public boolean handle(List<SourceRecord> records) throws InterruptedException {
      List<Object[]> batch = new ArrayList<>();
      SourceRecord last = null;
      for (SourceRecord record : records) {
        if (!(record.value() instanceof Struct value)) {
          continue;
        }
        if (isOwnMarker(value)) {
          flush(batch, last);
          sink.checkpoint(CdcState.after(record, ENGINE_NAME).json());
          return true;
        }
        Object[] row = row(value);
        if (row == null) {
          continue;
        }
        batch.add(row);
        last = record;
        if (batch.size() >= PostgresSource.BATCH_ROWS) {
          flush(batch, last);
          batch = new ArrayList<>();
        }
      }
      flush(batch, last);
      return false;
    }

    /** Hands {@code batch} over, then marks the state after its last record. */
    private void flush(List<Object[]> batch, SourceRecord last) throws InterruptedException {
      if (batch.isEmpty()) {
        return;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("Reading was interrupted");
      }
      sink.accept(new RecordBatch(stream.columns(), batch, RecordBatch.approximateBytes(batch)));
      rows += batch.size();
      // A state saved inside the initial snapshot could not resume it; the snapshot restarts.
      if (!"r".equals(((Struct) last.value()).getString("op"))) {
        sink.checkpoint(CdcState.after(last, ENGINE_NAME).json());
      }
    }

    private boolean isOwnMarker(Struct value) {
      Field field = value.schema().field("message");
      if (field == null || !"m".equals(opOf(value))) {
        return false;
      }
      Struct message = value.getStruct("message");
      if (!MARKER_PREFIX.equals(message.getString("prefix"))) {
        return false;
      }
      return token.equals(new String(message.getBytes("content"), StandardCharsets.UTF_8));
    }

    /** The row of a change, or null for events that are not row changes. */
    private Object[] row(Struct value) {
      String op = opOf(value);
      if (op == null || !List.of("c", "u", "d", "r").contains(op)) {
        return null;
      }
      boolean deleted = op.equals("d");
      Struct data = value.getStruct(deleted ? "before" : "after");
      if (data == null) {
        return null;
      }
      long lsn = op.equals("r") ? 0L : value.getStruct("source").getInt64("lsn");
      List<Column> columns = stream.columns();
      Object[] row = new Object[columns.size()];
      for (int i = 0; i < row.length; i++) {
        Column column = columns.get(i);
        if (column.name().equals(CdcColumns.LSN)) {
          row[i] = lsn;
        } else if (column.name().equals(CdcColumns.DELETED)) {
          row[i] = deleted;
        } else {
          Field field = data.schema().field(column.name());
          row[i] =
              field == null
                  ? null
                  : CdcValues.convert(column, field.schema(), data.get(field), table());
        }
      }
      if (deleted) {
        deletes++;
      }
      return row;
    }

    private static String opOf(Struct value) {
      return value.schema().field("op") == null ? null : value.getString("op");
    }
  }

  /** Creates the stream's slot on its first read; a read with state needs the slot it left. */
  private void ensureSlot(Connection connection, String slot, boolean hasState)
      throws SQLException {
    if (slotExists(connection, slot)) {
      log.info("Using replication slot {}", slot);
      return;
    }
    if (hasState) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Replication slot "
              + slot
              + " is missing from "
              + session.address()
              + ", so changes since the last sync may be lost; reset the stream's state to"
              + " start over with a new snapshot");
    }
    try (PreparedStatement create =
        connection.prepareStatement(
            "SELECT pg_catalog.pg_create_logical_replication_slot(?, 'pgoutput')")) {
      create.setString(1, slot);
      create.execute();
    }
    log.info("Created replication slot {}", slot);
  }

  private static boolean slotExists(Connection connection, String slot) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT 1 FROM pg_catalog.pg_replication_slots WHERE slot_name = ?"
                + " AND database = current_database()")) {
      query.setString(1, slot);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Creates the stream's publication, for its table only, unless it exists. */
  private void ensurePublication(
      Connection connection, String publication, String schema, String table) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = ?")) {
      query.setString(1, publication);
      try (ResultSet rs = query.executeQuery()) {
        if (rs.next()) {
          log.info("Using publication {}", publication);
          return;
        }
      }
    }
    try (Statement create = connection.createStatement()) {
      create.execute(
          "CREATE PUBLICATION "
              + SqlIdentifiers.quote(publication)
              + " FOR TABLE "
              + SqlIdentifiers.qualified(schema, table));
    }
    log.info("Created publication {} for {}.{}", publication, schema, table);
  }

  /**
   * Moves the slot's acknowledged position up to the saved state, which the destination has
   * committed, so the server can recycle the log before it. Never past the state.
   */
  private void acknowledge(Connection connection, String slot, CdcState state) {
    Optional<Long> lsn = state.committedLsn();
    if (lsn.isEmpty()) {
      return;
    }
    try {
      if (!awaitInactive(connection, slot)) {
        log.info("Replication slot {} is still in use; it is acknowledged by the next read", slot);
        return;
      }
      try (PreparedStatement advance =
          connection.prepareStatement(
              "SELECT pg_catalog.pg_replication_slot_advance(slot_name, CAST(? AS pg_lsn))"
                  + " FROM pg_catalog.pg_replication_slots WHERE slot_name = ?"
                  + " AND confirmed_flush_lsn < CAST(? AS pg_lsn)")) {
        String text = lsnText(lsn.get());
        advance.setString(1, text);
        advance.setString(2, slot);
        advance.setString(3, text);
        advance.execute();
      }
      log.info("Acknowledged replication slot {} up to the committed state", slot);
    } catch (SQLException e) {
      throw external("acknowledge replication slot " + slot + " on", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(ConnectorException.Kind.EXTERNAL, "Reading was interrupted");
    }
  }

  /** Waits for the previous read's replication connection to let go of the slot. */
  private static boolean awaitInactive(Connection connection, String slot)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SLOT_RELEASE_WAIT_MILLIS);
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT active FROM pg_catalog.pg_replication_slots WHERE slot_name = ?")) {
      query.setString(1, slot);
      while (true) {
        try (ResultSet rs = query.executeQuery()) {
          if (!rs.next() || !rs.getBoolean(1)) {
            return true;
          }
        }
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(100);
      }
    }
  }

  private Properties properties(
      String schema,
      String table,
      String slot,
      String publication,
      String token,
      Optional<CdcState> saved) {
    Properties p = new Properties();
    p.setProperty("name", ENGINE_NAME);
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.setProperty("offset.storage", CdcOffsetStore.class.getName());
    String seedId = UUID.randomUUID().toString();
    p.setProperty(CdcOffsetStore.SEED_PROPERTY, seedId);
    CdcOffsetStore.seed(seedId, saved.map(CdcState::seed).orElse(Map.of()));
    p.setProperty("offset.flush.interval.ms", "3600000");
    p.setProperty("topic.prefix", TOPIC_PREFIX);
    p.setProperty("database.hostname", session.host());
    p.setProperty("database.port", Integer.toString(session.port()));
    p.setProperty("database.dbname", session.database());
    p.setProperty("database.user", session.username());
    try (Secret password = session.password()) {
      p.setProperty("database.password", password.reveal());
    }
    p.setProperty("database.sslmode", session.sslMode());
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", slot);
    p.setProperty("publication.name", publication);
    p.setProperty("publication.autocreate.mode", "disabled");
    p.setProperty("table.include.list", regex(schema) + "\\." + regex(table));
    p.setProperty("snapshot.mode", "initial");
    p.setProperty("decimal.handling.mode", "string");
    p.setProperty("time.precision.mode", "adaptive_time_microseconds");
    p.setProperty("binary.handling.mode", "bytes");
    p.setProperty("interval.handling.mode", "string");
    p.setProperty("hstore.handling.mode", "json");
    p.setProperty("unavailable.value.placeholder", CdcColumns.UNCHANGED_TOAST);
    p.setProperty("tombstones.on.delete", "false");
    p.setProperty("include.unknown.datatypes", "false");
    p.setProperty("message.prefix.include.list", Pattern.quote(MARKER_PREFIX));
    p.setProperty("heartbeat.interval.ms", Long.toString(HEARTBEAT_MILLIS));
    p.setProperty("poll.interval.ms", Long.toString(POLL_MILLIS));
    p.setProperty("slot.retry.delay.ms", Long.toString(SLOT_RETRY_MILLIS));
    p.setProperty("slot.max.retries", Integer.toString(SLOT_RETRIES));
    p.setProperty(
        "heartbeat.action.query",
        "SELECT pg_catalog.pg_logical_emit_message(true, '"
            + MARKER_PREFIX
            + "', '"
            + token
            + "')");
    p.setProperty("errors.max.retries", "0");
    return p;
  }

  /** PostgreSQL's text for a log position, {@code X/Y}. */
  private static String lsnText(long lsn) {
    return Long.toHexString(lsn >>> 32).toUpperCase()
        + "/"
        + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
  }

  /** A regular expression matching exactly {@code name}. */
  private static String regex(String name) {
    return name.replaceAll("([\\\\.\\[\\]{}()<>*+\\-=!?^$|,])", "\\\\$1");
  }

  private ConnectorException external(String action, SQLException e) {
    return new ConnectorException(
        ConnectorException.Kind.EXTERNAL,
        "Cannot "
            + action
            + " PostgreSQL at "
            + session.address()
            + " (SQLSTATE "
            + e.getSQLState()
            + "); the user needs the REPLICATION attribute and wal_level must be logical",
        e);
  }
}
