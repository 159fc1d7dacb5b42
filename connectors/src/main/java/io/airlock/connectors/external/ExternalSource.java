package io.airlock.connectors.external;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs an executable that speaks the Airbyte protocol as a source. {@code discover} runs once per
 * instance (one job); each stream is read by its own {@code read} run with a catalog of that stream
 * alone.
 *
 * <p>State: the text of each STATE message's {@code state} object, exactly as the connector wrote
 * it, is the stream's opaque state. The next run gets it back in {@code --state}: as a one-element
 * array for per-stream and global states, as its {@code data} for legacy ones.
 */
final class ExternalSource implements Source {
  private static final Logger log = LoggerFactory.getLogger(ExternalSource.class);

  static final int BATCH_ROWS = 500;
  static final long BATCH_BYTES = 1L << 20;

  private final ExternalCommand command;
  private Map<String, DiscoveredStream> discovered;

  ExternalSource(ExternalCommand command) {
    this.command = requireNonNull(command, "command is null");
  }

  /**
   * A stream of the connector's catalog.
   *
   * @param raw the stream object as the connector sent it, for the read's catalog
   * @param sourceDefinedCursor whether the connector chooses the cursor itself
   * @param defaultCursor the cursor the connector suggests or imposes, or null
   */
  record DiscoveredStream(
      StreamDescriptor descriptor,
      JsonNode raw,
      boolean sourceDefinedCursor,
      String defaultCursor) {
    /** Columns an incremental read can follow: the connector's cursor, if it names one. */
    List<String> cursorCandidates() {
      return defaultCursor == null ? List.of() : List.of(defaultCursor);
    }
  }

  @Override
  public void check() {
    ExternalRuns.check(command);
  }

  @Override
  public List<StreamDescriptor> discover() {
    return catalog().values().stream().map(DiscoveredStream::descriptor).toList();
  }

  /** The discovered streams by qualified name, discovering once. */
  Map<String, DiscoveredStream> catalog() {
    if (discovered == null) {
      Map<String, DiscoveredStream> streams = new LinkedHashMap<>();
      for (JsonNode stream : ExternalRuns.discover(command).path("streams")) {
        DiscoveredStream found = ExternalCatalog.stream(stream);
        streams.put(found.descriptor().qualifiedName(), found);
      }
      log.info("Discovered {} streams of {}", streams.size(), command.type());
      discovered = streams;
    }
    return discovered;
  }

  @Override
  public void read(StreamDescriptor stream, BatchSink sink) throws InterruptedException {
    read(StreamRead.fullRefresh(requireNonNull(stream, "stream is null")), sink);
  }

  @Override
  public void read(StreamRead read, BatchSink sink) throws InterruptedException {
    requireNonNull(read, "read is null");
    requireNonNull(sink, "sink is null");
    DiscoveredStream stream = discoveredStream(read.stream());
    try (ConnectorProcess process = ConnectorProcess.prepare(command, "read")) {
      List<String> arguments = new ArrayList<>();
      arguments.addAll(List.of("--config", ExternalRuns.config(command, process).toString()));
      arguments.addAll(List.of("--catalog", catalogFile(process, stream, read)));
      if (read.incremental() && read.state() != null) {
        arguments.addAll(List.of("--state", stateFile(process, read)));
      }
      log.info(
          "Reading stream {} of {} ({})",
          read.stream().qualifiedName(),
          command.type(),
          read.incremental()
              ? "incremental by " + read.cursorField() + (read.state() == null ? ", first run" : "")
              : "full refresh");
      process.start(arguments);
      ProtocolReader reader = new ProtocolReader(command, process, "read");
      long records = new StreamReader(read, reader, sink).run();
      reader.finish(command.timeout());
      log.info("Read {} records of stream {}", records, read.stream().qualifiedName());
    }
  }

  private DiscoveredStream discoveredStream(StreamDescriptor stream) {
    DiscoveredStream found = catalog().get(stream.qualifiedName());
    if (found == null) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream.qualifiedName()
              + " is not in the catalog of "
              + command.type()
              + " any more; refresh the connection's schema");
    }
    return found;
  }

  private String catalogFile(ConnectorProcess process, DiscoveredStream stream, StreamRead read) {
    ObjectNode configured = Json.MAPPER.createObjectNode();
    configured.set("stream", stream.raw());
    configured.put("sync_mode", read.incremental() ? "incremental" : "full_refresh");
    configured.put("destination_sync_mode", "append");
    if (read.incremental()) {
      configured.putArray("cursor_field").add(cursorField(stream, read.cursorField()));
    }
    ArrayNode primaryKey = configured.putArray("primary_key");
    stream.descriptor().primaryKey().forEach(key -> primaryKey.addArray().add(key));
    ObjectNode catalog = Json.MAPPER.createObjectNode();
    catalog.putArray("streams").add(configured);
    return process.file("catalog.json", catalog.toString()).toString();
  }

  private String cursorField(DiscoveredStream stream, String cursorField) {
    if (stream.sourceDefinedCursor()
        && stream.defaultCursor() != null
        && !stream.defaultCursor().equals(cursorField)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream.descriptor().qualifiedName()
              + " of "
              + command.type()
              + " follows the cursor its connector defines, "
              + stream.defaultCursor()
              + "; choose it as the cursor field");
    }
    return cursorField;
  }

  private String stateFile(ConnectorProcess process, StreamRead read) {
    return process.file("state.json", ExternalState.forRead(read.state())).toString();
  }

  @Override
  public void close() {
    // Each run's process ends with the run.
  }

  /** Turns the RECORD and STATE messages of one read into batches and checkpoints. */
  private final class StreamReader {
    private final StreamRead read;
    private final ProtocolReader reader;
    private final BatchSink sink;
    private final List<Column> columns;
    private List<Object[]> batch = new ArrayList<>(BATCH_ROWS);
    private long bytes;
    private long records;
    private long otherStreams;

    StreamReader(StreamRead read, ProtocolReader reader, BatchSink sink) {
      this.read = read;
      this.reader = reader;
      this.sink = sink;
      this.columns = read.stream().columns();
    }

    long run() throws InterruptedException {
      ProtocolReader.Message message;
      while ((message = reader.next(null)) != null) {
        switch (message.type()) {
          case "RECORD" -> record(message);
          case "STATE" -> state(message);
          default -> log.debug("Ignoring a {} message of {} read", message.type(), command.type());
        }
      }
      flush();
      if (otherStreams > 0) {
        log.warn(
            "{} read sent {} records of streams other than {}; they were skipped",
            command.type(),
            otherStreams,
            read.stream().qualifiedName());
      }
      return records;
    }

    private void record(ProtocolReader.Message message) throws InterruptedException {
      JsonNode record = message.node().path("record");
      if (!isThisStream(record.path("stream").asString(""), record.path("namespace"))) {
        otherStreams++;
        return;
      }
      records++;
      JsonNode data = record.path("data");
      Object[] row = new Object[columns.size()];
      for (int i = 0; i < row.length; i++) {
        Column column = columns.get(i);
        row[i] =
            RecordValues.decode(data.get(column.name()), column, read.stream().name(), records);
      }
      batch.add(row);
      bytes += message.line().length();
      if (batch.size() >= BATCH_ROWS || bytes >= BATCH_BYTES) {
        flush();
      }
    }

    private boolean isThisStream(String name, JsonNode namespace) {
      StreamDescriptor stream = read.stream();
      return name.equals(stream.name())
          && (stream.namespace() == null
              || namespace.isMissingNode()
              || namespace.isNull()
              || namespace.asString().equals(stream.namespace()));
    }

    /** Hands over the records before the state, then marks it: it covers exactly them. */
    private void state(ProtocolReader.Message message) throws InterruptedException {
      if (!read.incremental()) {
        return;
      }
      String state = ProtocolReader.rawField(message.line(), "state");
      if (state == null || !ExternalState.isFor(message.node().path("state"), read.stream())) {
        log.warn("{} read sent a STATE message of another stream; it was skipped", command.type());
        return;
      }
      flush();
      sink.checkpoint(state);
    }

    private void flush() throws InterruptedException {
      if (batch.isEmpty()) {
        return;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("Reading was interrupted");
      }
      sink.accept(new RecordBatch(columns, batch, bytes));
      batch = new ArrayList<>(BATCH_ROWS);
      bytes = 0;
    }
  }
}
