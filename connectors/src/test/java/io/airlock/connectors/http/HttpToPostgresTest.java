package io.airlock.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingHttpApi;
import io.airlock.connectors.testing.TestingHttpApi.Reply;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP source synced into a real PostgreSQL, compared row for row with the API's records. */
class HttpToPostgresTest {
  private static final String DB = "http";
  private static TestingPostgres postgres;
  private TestingHttpApi api;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void startApi() {
    api = TestingHttpApi.start();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  private Source source(String yaml) {
    Map<String, Object> config = new HashMap<>();
    config.put("base_url", api.baseUrl());
    config.put("streams", yaml);
    config.put("allow_loopback", "true");
    return ConnectorRegistry.builtIn()
        .factory("source-http")
        .createSource(new ConnectorSettings("source-http", config, reference -> null));
  }

  private static Destination destination(String schema) {
    postgres.execute(DB, "DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
    return ConnectorRegistry.builtIn()
        .factory("destination-postgres")
        .createDestination(postgres.destinationSettings(DB, schema));
  }

  private static List<String> expectedRows(int from, int to) {
    List<String> rows = new ArrayList<>();
    for (int id = from; id <= to; id++) {
      rows.add(
          id
              + "|customer "
              + id
              + "|"
              + id
              + ".05|"
              + (id % 2 == 0)
              + "|2024-05-0"
              + id
              + "T10:00:00.12345"
              + id
              + "Z|[\"t"
              + id
              + "\"]");
    }
    return rows;
  }

  private static List<String> tableRows(String schema) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement()) {
      statement.execute("SET TIME ZONE 'UTC'");
      try (ResultSet result =
          statement.executeQuery(
              "SELECT id || '|' || name || '|' || balance || '|' || active"
                  + " || '|' || to_char(updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') || '|'"
                  + " || tags::text FROM "
                  + schema
                  + ".customers ORDER BY id")) {
        while (result.next()) {
          rows.add(result.getString(1));
        }
      }
    }
    return rows;
  }

  @Test
  void aPaginatedStreamArrivesRowForRow() throws Exception {
    api.handle(
        "/v1/customers",
        r -> {
          int offset = Integer.parseInt(r.params().get("offset"));
          return TestingCustomers.page(offset + 1, offset + 3);
        });
    String yaml = TestingCustomers.yaml("pagination: {kind: offset, size: 3}");

    try (Source source = source(yaml);
        Destination destination = destination("http_full")) {
      Map<String, Long> counts =
          TestingSync.copyAll(source, destination, SyncMode.FULL_REFRESH_OVERWRITE);

      assertThat(counts).containsExactly(Map.entry("customers", 7L));
    }
    assertThat(tableRows("http_full")).containsExactlyElementsOf(expectedRows(1, 7));
  }

  @Test
  void incrementalDedupSyncsResumeFromTheSavedCursor() throws Exception {
    AtomicReference<String> changed = new AtomicReference<>();
    api.handle(
        "/v1/customers",
        r -> {
          String since = r.params().get("updated_since");
          int from = since == null ? 1 : Integer.parseInt(since.substring(9, 10));
          String body = TestingCustomers.array(from, 7);
          if (changed.get() != null) {
            body = body.substring(0, body.length() - 1) + ", " + changed.get() + "]";
          }
          return Reply.json("{\"data\": " + body + "}");
        });
    String yaml =
        TestingCustomers.yaml("incremental: {cursor_field: updated_at, param: updated_since}");

    String state;
    try (Source source = source(yaml);
        Destination destination = destination("http_dedup")) {
      state = syncIncremental(source, destination, null);
    }
    changed.set(
        TestingCustomers.json(3).replace("customer 3", "renamed 3").replace("05-03", "05-08"));
    try (Source source = source(yaml);
        Destination destination =
            ConnectorRegistry.builtIn()
                .factory("destination-postgres")
                .createDestination(postgres.destinationSettings(DB, "http_dedup"))) {
      state = syncIncremental(source, destination, state);
    }

    List<String> expected = expectedRows(1, 7);
    expected.set(2, "3|renamed 3|3.05|false|2024-05-08T10:00:00.123453Z|[\"t3\"]");
    assertThat(tableRows("http_dedup")).containsExactlyElementsOf(expected);
    assertThat(state).contains("2024-05-08T10:00:00.123453Z");
    assertThat(api.requests("/v1/customers"))
        .extracting(r -> r.params().get("updated_since"))
        .containsExactly(null, "2024-05-07T10:00:00.123457Z");
  }

  @Test
  void everyDeclaredAndInferredTypeLandsInItsPostgresType() throws Exception {
    api.handle(
        "/v1/readings",
        r ->
            Reply.json(
                """
                [{"id": 1, "ratio": 0.1, "day": "2024-02-29", "at": "2024-05-05T10:00:00.123456",
                  "n": 9007199254740993, "big": 123456789012345678901234567890, "x": 1.5,
                  "flag": true, "label": "a", "mixed": 1, "doc": {"k": [1, 2]}},
                 {"id": 2, "ratio": -1.0E300, "day": "0044-03-15", "at": "2024-05-05T23:59:59",
                  "n": -1, "big": 2, "x": 2, "flag": false, "label": null, "mixed": "b",
                  "doc": null}]
                """));
    String yaml =
        """
        streams:
          - name: declared
            path: /v1/readings
            primary_key: [id]
            columns:
              id: integer
              ratio: float
              day: date
              at: timestamp
              big: decimal
              flag: boolean
              label: text
              doc: json
          - name: inferred
            path: /v1/readings
        """;

    try (Source source = source(yaml);
        Destination destination = destination("http_types")) {
      TestingSync.copyAll(source, destination, SyncMode.FULL_REFRESH_OVERWRITE);
    }

    assertThat(columnTypes("declared"))
        .isEqualTo(
            "at timestamp without time zone,big numeric,day date,doc jsonb,flag boolean,"
                + "id bigint,label text,ratio double precision");
    assertThat(columnTypes("inferred"))
        .isEqualTo(
            "at text,big numeric,day text,doc jsonb,flag boolean,id bigint,label text,mixed text,"
                + "n bigint,ratio numeric,x numeric");
    assertThat(
            query(
                "SELECT id || '|' || ratio || '|' || day || '|' || at || '|' || big || '|' ||"
                    + " flag || '|' || coalesce(label, 'NULL') || '|' || coalesce(doc::text,"
                    + " 'NULL') FROM http_types.declared ORDER BY id"))
        .containsExactly(
            "1|0.1|2024-02-29|2024-05-05 10:00:00.123456|123456789012345678901234567890|true|a"
                + "|{\"k\": [1, 2]}",
            "2|-1e+300|0044-03-15|2024-05-05 23:59:59|2|false|NULL|NULL");
    assertThat(
            query(
                "SELECT id || '|' || n || '|' || ratio || '|' || x || '|' || mixed || '|' || day"
                    + " FROM http_types.inferred ORDER BY id"))
        .containsExactly(
            "1|9007199254740993|0.1|1.5|1|2024-02-29",
            "2|-1|-1" + "0".repeat(300) + "|2|b|0044-03-15");
  }

  private static String columnTypes(String table) throws SQLException {
    return query(
            "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ',' ORDER BY"
                + " attname) FROM pg_attribute WHERE attrelid = 'http_types."
                + table
                + "'::regclass AND attnum > 0")
        .getFirst();
  }

  private static List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }

  /** One incremental dedup sync, committing the destination at every mark; the last state. */
  private static String syncIncremental(Source source, Destination destination, String state)
      throws InterruptedException {
    StreamDescriptor stream = source.discover().getFirst();
    String[] last = {state};
    try (StreamWriter writer =
        destination.open(stream, SyncMode.INCREMENTAL_APPEND_DEDUP, "updated_at")) {
      source.read(
          new StreamRead(stream, "updated_at", state),
          new BatchSink() {
            @Override
            public void accept(RecordBatch batch) {
              writer.write(batch);
            }

            @Override
            public void checkpoint(String marked) {
              writer.checkpoint();
              last[0] = marked;
            }
          });
      writer.finish();
    }
    return last[0];
  }
}
