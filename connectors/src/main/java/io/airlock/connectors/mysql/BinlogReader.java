package io.airlock.connectors.mysql;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import io.airlock.connectors.mysql.MySqlCatalog.CatalogColumn;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.StreamDescriptor;
import io.debezium.config.CommonConnectorConfig.EventProcessingFailureHandlingMode;
import io.debezium.connector.binlog.event.RowDeserializers;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one table's changes in the binary log (row format, full row images), from a saved
 * position up to the log's end as it was when the read started: a sync is a bounded job, and the
 * read ends there. Row events are decoded by the capture library's binlog client and row decoders.
 *
 * <p>State is saved only at transaction boundaries, and only through checkpoints after the
 * destination has committed the changes before them, so a read that fails resumes at the last
 * committed transaction: nothing is lost and, in dedup mode, nothing is applied twice.
 *
 * <p>Each change carries its log position ({@link BinlogPosition#ordinal()}) in {@code
 * _airlock_lsn}, so dedup destinations order a key's versions by the log, not by arrival.
 */
final class BinlogReader {
  private static final Logger log = LoggerFactory.getLogger(BinlogReader.class);

  /** The log column's source type, as discovery shows it. */
  static final String LOG_POSITION_TYPE = "binlog position";

  private final MySqlSession session;
  private final BinlogSettings settings;

  BinlogReader(MySqlSession session, BinlogSettings settings) {
    this.session = session;
    this.settings = settings;
  }

  /**
   * The end of the log now, after checking the server writes a log change capture can read: on, in
   * row format, with full row images.
   */
  BinlogPosition logEnd() {
    try (Connection connection = session.open();
        Statement statement = connection.createStatement()) {
      checkFormat(statement);
      try (ResultSet rows = statement.executeQuery("SHOW MASTER STATUS")) {
        if (!rows.next()) {
          throw new ConnectorException(
              ConnectorException.Kind.USER,
              "The binary log is off at "
                  + session.address()
                  + "; start the server with log_bin and binlog_format=ROW to read by change"
                  + " capture");
        }
        return new BinlogPosition(rows.getString(1), rows.getLong(2));
      }
    } catch (SQLException e) {
      throw external("read the binary log position of", e);
    }
  }

  private void checkFormat(Statement statement) throws SQLException {
    try (ResultSet rows =
        statement.executeQuery("SELECT @@GLOBAL.binlog_format, @@GLOBAL.binlog_row_image")) {
      rows.next();
      if (!"ROW".equalsIgnoreCase(rows.getString(1))
          || !"FULL".equalsIgnoreCase(rows.getString(2))) {
        throw new ConnectorException(
            ConnectorException.Kind.USER,
            "The binary log of "
                + session.address()
                + " is not in row format with full row images; set binlog_format=ROW and"
                + " binlog_row_image=FULL to read by change capture");
      }
    }
  }

  /**
   * Reads the changes of {@code database.table} from {@code from} up to {@code end}.
   *
   * @param stream the stream, with the two change columns among its columns
   * @param selected the table's columns the stream selects, in the stream's order
   */
  void read(
      String database,
      StreamDescriptor stream,
      List<CatalogColumn> selected,
      BinlogPosition from,
      BinlogPosition end,
      BatchSink sink)
      throws InterruptedException {
    if (from.compareTo(end) >= 0) {
      log.info("No changes of {}.{} since the saved log position", database, stream.name());
      sink.checkpoint(from.json());
      return;
    }
    BinlogTable layout;
    try (Connection connection = session.open()) {
      layout = BinlogTable.load(connection, database, stream.name());
    } catch (SQLException e) {
      throw external("read the columns of " + database + "." + stream.name() + " from", e);
    }
    long serverId = settings.serverIdForRead();
    log.info(
        "Reading {}.{} from the binary log (replica id {}) up to its end at the start",
        database,
        stream.name(),
        serverId);
    String qualified = database + "." + stream.name();
    Follower follower =
        new Follower(
            database,
            stream,
            from,
            end,
            new BinlogValues(qualified, stream.columns(), selected, layout),
            layout,
            sink);
    follower.run(client(from, serverId, follower));
    log.info(
        "Read {} changes of {} ({} deletes) and caught up with the binary log",
        follower.rows,
        qualified,
        follower.deletes);
    follower.values.logNoCounterpart();
  }

  private BinaryLogClient client(BinlogPosition from, long serverId, Follower follower) {
    BinaryLogClient client;
    try (Secret password = session.password()) {
      client =
          new BinaryLogClient(
              session.host(), session.port(), session.username(), password.reveal());
    }
    client.setServerId(serverId);
    client.setBinlogFilename(from.file());
    client.setBinlogPosition(from.offset());
    client.setKeepAlive(false);
    client.setBlocking(true);
    client.setSSLMode(sslMode(session.sslMode()));
    client.setConnectTimeout(30_000);
    client.setEventDeserializer(deserializer(follower.tableMaps));
    client.registerEventListener(follower::onEvent);
    client.registerLifecycleListener(follower);
    return client;
  }

  /** Decodes row events with the capture library's decoders, which keep zero dates as NULL. */
  private static EventDeserializer deserializer(Map<Long, TableMapEventData> tableMaps) {
    EventDeserializer deserializer =
        new EventDeserializer() {
          @Override
          public Event nextEvent(ByteArrayInputStream input) throws IOException {
            Event event = super.nextEvent(input);
            if (event != null && event.getHeader().getEventType() == EventType.TABLE_MAP) {
              TableMapEventData map = event.getData();
              tableMaps.put(map.getTableId(), map);
            }
            return event;
          }
        };
    // Invalid dates become NULL, as the standard read makes them; values never reach a log line.
    EventProcessingFailureHandlingMode mode = EventProcessingFailureHandlingMode.SKIP;
    for (EventType type : List.of(EventType.WRITE_ROWS, EventType.EXT_WRITE_ROWS)) {
      deserializer.setEventDataDeserializer(
          type,
          new RowDeserializers.WriteRowsDeserializer(tableMaps, mode)
              .setMayContainExtraInformation(type == EventType.EXT_WRITE_ROWS));
    }
    for (EventType type : List.of(EventType.UPDATE_ROWS, EventType.EXT_UPDATE_ROWS)) {
      deserializer.setEventDataDeserializer(
          type,
          new RowDeserializers.UpdateRowsDeserializer(tableMaps, mode)
              .setMayContainExtraInformation(type == EventType.EXT_UPDATE_ROWS));
    }
    for (EventType type : List.of(EventType.DELETE_ROWS, EventType.EXT_DELETE_ROWS)) {
      deserializer.setEventDataDeserializer(
          type,
          new RowDeserializers.DeleteRowsDeserializer(tableMaps, mode)
              .setMayContainExtraInformation(type == EventType.EXT_DELETE_ROWS));
    }
    return deserializer;
  }

  /** Receives the log's events on the reading thread and hands rows over to the sink. */
  private final class Follower implements BinaryLogClient.LifecycleListener {
    private final String database;
    private final StreamDescriptor stream;
    private final BinlogPosition end;
    private final BinlogValues values;
    private final BinlogTable layout;
    private final BatchSink sink;
    private final Map<Long, TableMapEventData> tableMaps = new ConcurrentHashMap<>();
    private String file;
    private List<Object[]> batch = new ArrayList<>();
    private long sinceCheckpoint;
    private boolean caughtUp;
    private boolean inTransaction;
    private Exception failure;
    private BinaryLogClient client;
    private long rows;
    private long deletes;

    Follower(
        String database,
        StreamDescriptor stream,
        BinlogPosition from,
        BinlogPosition end,
        BinlogValues values,
        BinlogTable layout,
        BatchSink sink) {
      this.database = database;
      this.stream = stream;
      this.end = end;
      this.values = values;
      this.layout = layout;
      this.sink = sink;
      this.file = from.file();
    }

    void run(BinaryLogClient client) throws InterruptedException {
      this.client = client;
      try {
        client.connect();
      } catch (IOException e) {
        throw stopped(e);
      }
      if (failure instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (!caughtUp) {
        throw stopped(failure);
      }
    }

    void onEvent(Event event) {
      if (caughtUp || failure != null) {
        return;
      }
      try {
        handle(event);
      } catch (InterruptedException | RuntimeException e) {
        failure = e;
        disconnect();
      }
    }

    private void handle(Event event) throws InterruptedException {
      EventType type = event.getHeader().getEventType();
      if (type == EventType.ROTATE) {
        file = ((RotateEventData) event.getData()).getBinlogFilename();
        return;
      }
      long next = ((EventHeaderV4) event.getHeader()).getNextPosition();
      if (EventType.isWrite(type) || EventType.isUpdate(type) || EventType.isDelete(type)) {
        inTransaction = true;
        changes(event, type, next - ((EventHeaderV4) event.getHeader()).getEventLength());
      } else if (next > 0 && endsTransaction(event, type)) {
        inTransaction = false;
        boundary(new BinlogPosition(file, next));
      } else if (startsTransaction(event, type)) {
        inTransaction = true;
      } else if (next > 0 && !inTransaction && new BinlogPosition(file, next).compareTo(end) >= 0) {
        // Events between transactions (a new file's header events) can end the read too.
        boundary(new BinlogPosition(file, next));
      }
    }

    private boolean startsTransaction(Event event, EventType type) {
      return switch (type) {
        case GTID, ANONYMOUS_GTID, MARIADB_GTID, TABLE_MAP -> true;
        case QUERY -> "BEGIN".equalsIgnoreCase(((QueryEventData) event.getData()).getSql());
        default -> false;
      };
    }

    private boolean endsTransaction(Event event, EventType type) {
      if (type == EventType.XID) {
        return true;
      }
      return type == EventType.QUERY
          && !"BEGIN".equalsIgnoreCase(((QueryEventData) event.getData()).getSql());
    }

    /** After a transaction: saves state every batch's worth of changes, and ends at the end. */
    private void boundary(BinlogPosition position) throws InterruptedException {
      boolean atEnd = position.compareTo(end) >= 0;
      if (atEnd || sinceCheckpoint + batch.size() >= MySqlSource.BATCH_ROWS) {
        handOver();
        sink.checkpoint(position.json());
        sinceCheckpoint = 0;
      }
      if (atEnd) {
        caughtUp = true;
        disconnect();
      }
    }

    private void changes(Event event, EventType type, long eventPosition)
        throws InterruptedException {
      long tableId = tableId(event);
      TableMapEventData map = tableMaps.get(tableId);
      if (map == null
          || !database.equals(map.getDatabase())
          || !stream.name().equals(map.getTable())) {
        return;
      }
      layout.checkWidth(map.getColumnTypes().length);
      long position = BinlogPosition.ordinal(file, eventPosition);
      byte[] types = map.getColumnTypes();
      for (Serializable[] image : images(event, type)) {
        add(values.row(image, types, position, EventType.isDelete(type)));
        if (EventType.isDelete(type)) {
          deletes++;
        }
      }
    }

    private static long tableId(Event event) {
      return switch (event.getData()) {
        case WriteRowsEventData data -> data.getTableId();
        case UpdateRowsEventData data -> data.getTableId();
        case DeleteRowsEventData data -> data.getTableId();
        default -> -1;
      };
    }

    /** The row images a change leaves: the new rows of inserts and updates, the old of deletes. */
    private static List<Serializable[]> images(Event event, EventType type) {
      return switch (event.getData()) {
        case WriteRowsEventData data -> data.getRows();
        case UpdateRowsEventData data -> data.getRows().stream().map(Map.Entry::getValue).toList();
        case DeleteRowsEventData data -> data.getRows();
        default -> List.of();
      };
    }

    private void add(Object[] row) throws InterruptedException {
      batch.add(row);
      rows++;
      if (batch.size() >= MySqlSource.BATCH_ROWS) {
        handOver();
      }
    }

    /** Hands the rows so far over; they are committed with the next checkpoint. */
    private void handOver() throws InterruptedException {
      if (batch.isEmpty()) {
        return;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("Reading was interrupted");
      }
      sink.accept(new RecordBatch(stream.columns(), batch, RecordBatch.approximateBytes(batch)));
      sinceCheckpoint += batch.size();
      batch = new ArrayList<>();
    }

    private void disconnect() {
      try {
        client.disconnect();
      } catch (IOException e) {
        log.debug("Closing the binary log connection failed: {}", e.getClass().getSimpleName());
      }
    }

    private ConnectorException stopped(Exception cause) {
      return new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Reading the binary log of "
              + session.address()
              + " for table "
              + database
              + "."
              + stream.name()
              + " stopped before it caught up"
              + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")")
              + "; check that the user has REPLICATION SLAVE and REPLICATION CLIENT, that the"
              + " server_id setting is not used by another replica, and that the saved position"
              + " is still in the log (if the log was purged, reset the stream's state)",
          cause);
    }

    @Override
    public void onConnect(BinaryLogClient client) {}

    @Override
    public void onCommunicationFailure(BinaryLogClient client, Exception e) {
      if (failure == null && !caughtUp) {
        failure = e;
      }
      disconnect();
    }

    @Override
    public void onEventDeserializationFailure(BinaryLogClient client, Exception e) {
      if (failure == null && !caughtUp) {
        failure = e;
      }
      disconnect();
    }

    @Override
    public void onDisconnect(BinaryLogClient client) {}
  }

  private static SSLMode sslMode(String sslMode) {
    return switch (sslMode) {
      case "disable" -> SSLMode.DISABLED;
      case "trust" -> SSLMode.REQUIRED;
      case "verify-ca" -> SSLMode.VERIFY_CA;
      default -> SSLMode.VERIFY_IDENTITY;
    };
  }

  private ConnectorException external(String action, SQLException e) {
    return new ConnectorException(
        ConnectorException.Kind.EXTERNAL,
        "Cannot "
            + action
            + " MySQL/MariaDB at "
            + session.address()
            + " (SQLSTATE "
            + e.getSQLState()
            + ", error "
            + e.getErrorCode()
            + "); the user needs REPLICATION CLIENT (BINLOG MONITOR on MariaDB)",
        e);
  }
}
