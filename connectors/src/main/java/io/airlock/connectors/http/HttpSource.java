package io.airlock.connectors.http;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads the streams a YAML document declares from an HTTP JSON API: one stream per declaration, one
 * batch per page. Incremental reads send the saved cursor in the stream's incremental parameter and
 * mark a checkpoint after every page; see {@code docs/source-http.md}.
 */
final class HttpSource implements Source {
  private static final Logger log = LoggerFactory.getLogger(HttpSource.class);

  private final URI baseUrl;
  private final List<StreamSpec> streams;
  private final HttpFetcher fetcher;
  private final HttpClient client;
  private final HttpAuth auth;

  HttpSource(
      URI baseUrl,
      List<StreamSpec> streams,
      HttpFetcher fetcher,
      HttpClient client,
      HttpAuth auth) {
    this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
    this.streams = List.copyOf(streams);
    this.fetcher = requireNonNull(fetcher, "fetcher is null");
    this.client = requireNonNull(client, "client is null");
    this.auth = requireNonNull(auth, "auth is null");
  }

  /** Fetches the first page of the first stream: the address, the credentials and the JSON. */
  @Override
  public void check() {
    StreamSpec stream = streams.getFirst();
    try {
      Pages pages = pages(stream, Map.of());
      HttpFetcher.Response response = fetcher.get(pages.first(), stream.name());
      records(stream, fetcher.json(response, "stream " + stream.name()), response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(ConnectorException.Kind.EXTERNAL, "The check was interrupted");
    }
  }

  @Override
  public List<StreamDescriptor> discover() {
    List<StreamDescriptor> descriptors = new ArrayList<>();
    for (StreamSpec stream : streams) {
      descriptors.add(
          new StreamDescriptor(stream.name(), null, columns(stream), stream.primaryKey()));
    }
    log.info("Declared {} streams at {}", descriptors.size(), baseUrl.getHost());
    return descriptors;
  }

  private List<Column> columns(StreamSpec stream) {
    if (!stream.columns().isEmpty()) {
      List<Column> columns = new ArrayList<>();
      stream
          .columns()
          .forEach(
              (name, type) ->
                  columns.add(
                      new Column(
                          name,
                          type,
                          !stream.primaryKey().contains(name),
                          "json " + typeName(type))));
      return columns;
    }
    return inferred(stream);
  }

  /**
   * Columns inferred from the first {@code sample_records} records, read page by page. A stream
   * with no records to sample has to declare its columns.
   */
  private List<Column> inferred(StreamSpec stream) {
    List<JsonNode> sample = new ArrayList<>();
    try {
      Pages pages = pages(stream, Map.of());
      URI uri = pages.first();
      while (uri != null && sample.size() < stream.sampleRecords()) {
        HttpFetcher.Response response = fetcher.get(uri, stream.name());
        JsonNode body = fetcher.json(response, "stream " + stream.name());
        List<JsonNode> records = records(stream, body, response);
        records.stream().limit(stream.sampleRecords() - sample.size()).forEach(sample::add);
        uri = pages.next(response, body, records.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Discovery of stream " + stream.name() + " was interrupted");
    }
    List<Column> columns = JsonRecords.infer(sample);
    if (columns.isEmpty()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream.name()
              + " gave no records to infer its columns from; declare them under 'columns'");
    }
    for (String key : stream.primaryKey()) {
      if (columns.stream().noneMatch(c -> c.name().equals(key))) {
        throw new ConnectorException(
            ConnectorException.Kind.USER,
            "Stream "
                + stream.name()
                + " has primary key field "
                + key
                + ", which no sampled record holds; check 'primary_key' or declare 'columns'");
      }
    }
    log.info(
        "Inferred {} columns of stream {} from {} records",
        columns.size(),
        stream.name(),
        sample.size());
    return columns;
  }

  @Override
  public void read(StreamDescriptor stream, BatchSink sink) throws InterruptedException {
    read(StreamRead.fullRefresh(requireNonNull(stream, "stream is null")), sink);
  }

  /**
   * Reads every page of the stream, or, with a cursor field, the pages the API returns for the
   * saved cursor sent in the incremental parameter (the API's filter is expected to be inclusive),
   * marking after every page the greatest cursor read so far.
   */
  @Override
  public void read(StreamRead read, BatchSink sink) throws InterruptedException {
    requireNonNull(read, "read is null");
    requireNonNull(sink, "sink is null");
    StreamSpec stream = spec(read.stream().name());
    List<Column> columns = read.stream().columns();
    CursorTracker cursor = read.incremental() ? cursor(stream, read) : null;
    Map<String, String> extra = new LinkedHashMap<>();
    if (cursor != null && cursor.startValue() != null) {
      extra.put(stream.incremental().param(), cursor.startValue());
    }
    Pages pages = pages(stream, extra);
    long rows = 0;
    long page = 0;
    for (URI uri = pages.first(); uri != null; ) {
      page++;
      HttpFetcher.Response response = fetcher.get(uri, stream.name());
      JsonNode body = fetcher.json(response, "stream " + stream.name());
      List<JsonNode> records = records(stream, body, response);
      rows += handOver(stream, columns, records, page, cursor, sink, response.body().length);
      uri = pages.next(response, body, records.size());
    }
    if (cursor != null) {
      cursor.logNulls();
    }
    log.info("Read {} records in {} pages from stream {}", rows, page, stream.name());
  }

  private long handOver(
      StreamSpec stream,
      List<Column> columns,
      List<JsonNode> records,
      long page,
      CursorTracker cursor,
      BatchSink sink,
      long bytes)
      throws InterruptedException {
    List<Object[]> rows = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      rows.add(JsonRecords.row(records.get(i), columns, stream.name(), page, i + 1));
      if (cursor != null) {
        cursor.see(records.get(i), page, i + 1);
      }
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("Reading was interrupted");
    }
    if (!rows.isEmpty()) {
      sink.accept(new RecordBatch(columns, rows, bytes));
    }
    if (cursor != null && cursor.state() != null) {
      sink.checkpoint(cursor.state());
    }
    return rows.size();
  }

  private CursorTracker cursor(StreamSpec stream, StreamRead read) {
    StreamSpec.Incremental incremental = stream.incremental();
    if (incremental == null || !incremental.cursorField().equals(read.cursorField())) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream.name()
              + " cannot be read incrementally by "
              + read.cursorField()
              + (incremental == null
                  ? ": its YAML declares no 'incremental'; add one or use a full-refresh mode"
                  : ": its YAML declares cursor_field " + incremental.cursorField() + "; use it"));
    }
    DataType type = cursorType(stream, read);
    return new CursorTracker(stream.name(), incremental, type, read.state());
  }

  private static DataType cursorType(StreamSpec stream, StreamRead read) {
    String field = read.cursorField();
    DataType type = stream.columns().get(field);
    if (type == null) {
      type = read.stream().column(field).map(Column::type).orElse(null);
    }
    if (type == null || !StreamDescriptor.isCursorKind(type.kind())) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream.name()
              + " cannot follow cursor field "
              + field
              + ": declare it under 'columns' as an integer, decimal, float, date, timestamp or"
              + " timestamptz");
    }
    return type;
  }

  private List<JsonNode> records(StreamSpec stream, JsonNode body, HttpFetcher.Response response) {
    return JsonRecords.select(body, stream.records(), stream.name(), response.uri().getPath());
  }

  private Pages pages(StreamSpec stream, Map<String, String> extra) {
    Map<String, String> params = new LinkedHashMap<>(stream.params());
    params.putAll(extra);
    return new Pages(
        stream.pagination(), params, p -> url(stream.path(), p), baseUrl, stream.name());
  }

  private URI url(String path, Map<String, String> params) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach((k, v) -> query.add(HttpFetcher.encode(k) + "=" + HttpFetcher.encode(v)));
    return URI.create(base + (path.startsWith("/") ? path : "/" + path) + query);
  }

  private StreamSpec spec(String name) {
    return streams.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new ConnectorException(
                    ConnectorException.Kind.USER,
                    "Stream "
                        + name
                        + " is not declared in setting 'streams'; refresh the connection's"
                        + " schema"));
  }

  private static String typeName(DataType type) {
    return type.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void close() {
    auth.close();
    client.close();
  }
}
