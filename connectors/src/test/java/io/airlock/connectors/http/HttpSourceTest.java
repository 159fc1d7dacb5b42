package io.airlock.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.connectors.testing.TestingHttpApi;
import io.airlock.connectors.testing.TestingHttpApi.Reply;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP source against a real HTTP server on 127.0.0.1 with hand-written handlers. */
class HttpSourceTest {
  private static final String TOKEN = "tok-5f1e2d3c";
  private static final String PASSWORD = "pw-9a8b7c";
  private static final String API_KEY = "key-1b2c3d";
  private static final String CLIENT_SECRET = "cs-7e6d5c";
  private static final Map<String, String> SECRETS =
      Map.of(
          "env://API_TOKEN", TOKEN,
          "env://API_PASSWORD", PASSWORD,
          "env://API_KEY", API_KEY,
          "env://CLIENT_SECRET", CLIENT_SECRET);

  private final List<Duration> sleeps = new ArrayList<>();
  private final List<String> resolved = new ArrayList<>();
  private TestingHttpApi api;

  @BeforeEach
  void startApi() {
    api = TestingHttpApi.start();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  private Map<String, Object> settings(String yaml) {
    Map<String, Object> config = new HashMap<>();
    config.put("base_url", api.baseUrl());
    config.put("streams", yaml);
    config.put("allow_loopback", "true");
    config.put("initial_backoff_millis", 100);
    return config;
  }

  private Source source(Map<String, Object> config) {
    HttpSourceFactory factory =
        new HttpSourceFactory(
            sleeps::add,
            host -> {
              resolved.add(host);
              return InetAddress.getAllByName(host);
            },
            LoopbackOnlyClient::new);
    return factory.createSource(
        new ConnectorSettings(
            "source-http", config, reference -> Secret.of(SECRETS.get(reference))));
  }

  private record Read(List<Object[]> rows, List<String> states) {}

  private static Read read(Source source, String cursorField, String state)
      throws InterruptedException {
    StreamDescriptor stream = source.discover().getFirst();
    List<Object[]> rows = new ArrayList<>();
    List<String> states = new ArrayList<>();
    source.read(
        new StreamRead(stream, cursorField, state),
        new BatchSink() {
          @Override
          public void accept(RecordBatch batch) {
            rows.addAll(batch.rows());
          }

          @Override
          public void checkpoint(String marked) {
            states.add(marked);
          }
        });
    return new Read(rows, states);
  }

  private static List<Object> ids(Read read) {
    return read.rows().stream().map(r -> r[0]).toList();
  }

  @Test
  void declaredColumnsAreReadAsTypedValues() throws InterruptedException {
    api.handle("/v1/customers", r -> TestingCustomers.page(1, 7));

    try (Source source = source(settings(TestingCustomers.yaml("")))) {
      StreamDescriptor stream = source.discover().getFirst();
      Read read = read(source, null, null);

      assertThat(stream.primaryKey()).containsExactly("id");
      assertThat(stream.cursorCandidates()).containsExactly("id", "balance", "updated_at");
      assertThat(read.rows()).hasSize(7);
      assertThat(read.rows().get(1))
          .containsExactly(
              2L,
              "customer 2",
              new BigDecimal("2.05"),
              true,
              OffsetDateTime.of(2024, 5, 2, 10, 0, 0, 123_452_000, ZoneOffset.UTC),
              new JsonValue("[\"t2\"]"));
    }
  }

  @Test
  void columnsAreInferredFromABoundedSample() {
    api.handle("/v1/customers", r -> TestingCustomers.page(1, 7));
    String yaml =
        """
        streams:
          - name: customers
            path: /v1/customers
            records: data
            sample_records: 2
        """;

    try (Source source = source(settings(yaml))) {
      StreamDescriptor stream = source.discover().getFirst();

      assertThat(stream.columns())
          .extracting(c -> c.name() + ":" + c.type().kind())
          .containsExactly(
              "id:INTEGER",
              "name:TEXT",
              "balance:DECIMAL",
              "active:BOOLEAN",
              "updated_at:TEXT",
              "tags:JSON");
    }
  }

  @Test
  void aValueThatDoesNotFitItsTypeNamesTheRecordAndFieldButNotTheValue() {
    api.handle("/v1/customers", r -> Reply.json("{\"data\": [{\"id\": \"secret-ish\"}]}"));

    try (Source source = source(settings(TestingCustomers.yaml("")))) {
      assertThatThrownBy(() -> read(source, null, null))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining(
              "Stream customers, page 1, record 1: field id is not a valid integer")
          .hasMessageNotContaining("secret-ish");
    }
  }

  @Test
  void bearerTokenIsSentAndAWrongOneFailsWithoutShowingIt() throws InterruptedException {
    api.handle(
        "/v1/customers",
        r ->
            ("Bearer " + TOKEN).equals(r.header("Authorization"))
                ? TestingCustomers.page(1, 2)
                : Reply.status(401));
    Map<String, Object> good = settings(TestingCustomers.yaml(""));
    good.put("auth", Map.of("kind", "bearer", "token", "env://API_TOKEN"));
    Map<String, Object> bad = settings(TestingCustomers.yaml(""));
    bad.put("auth", Map.of("kind", "bearer", "token", "env://API_KEY"));

    try (Source source = source(good)) {
      assertThat(read(source, null, null).rows()).hasSize(2);
    }
    try (Source source = source(bad)) {
      assertThatThrownBy(source::check)
          .isInstanceOf(ConnectorException.class)
          .hasMessage(
              "Cannot read stream customers: GET /v1/customers answered HTTP 401; check the"
                  + " credentials in setting 'auth'")
          .hasMessageNotContaining(API_KEY);
    }
  }

  @Test
  void basicAuthenticationIsSent() throws InterruptedException {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("reader:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    api.handle(
        "/v1/customers",
        r ->
            expected.equals(r.header("Authorization"))
                ? TestingCustomers.page(1, 3)
                : Reply.status(401));
    Map<String, Object> config = settings(TestingCustomers.yaml(""));
    config.put(
        "auth", Map.of("kind", "basic", "username", "reader", "password", "env://API_PASSWORD"));

    try (Source source = source(config)) {
      assertThat(read(source, null, null).rows()).hasSize(3);
    }
  }

  @Test
  void apiKeyIsSentInAHeader() throws InterruptedException {
    api.handle(
        "/v1/customers",
        r ->
            API_KEY.equals(r.header("X-Api-Key"))
                ? TestingCustomers.page(1, 1)
                : Reply.status(403));
    Map<String, Object> config = settings(TestingCustomers.yaml(""));
    config.put("auth", Map.of("kind", "api_key", "name", "X-Api-Key", "key", "env://API_KEY"));

    try (Source source = source(config)) {
      assertThat(read(source, null, null).rows()).hasSize(1);
    }
  }

  @Test
  void apiKeyIsSentInTheQueryAndNoErrorShowsIt() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    api.handle(
        "/v1/customers",
        r -> {
          if (!API_KEY.equals(r.params().get("api_key"))) {
            return Reply.status(403);
          }
          return calls.incrementAndGet() == 1 ? TestingCustomers.page(1, 4) : Reply.status(400);
        });
    Map<String, Object> config = settings(TestingCustomers.yaml(""));
    config.put(
        "auth",
        Map.of("kind", "api_key", "name", "api_key", "in", "query", "key", "env://API_KEY"));

    try (Source source = source(config)) {
      assertThat(read(source, null, null).rows()).hasSize(4);
      assertThatThrownBy(source::check)
          .hasMessageContaining("GET /v1/customers answered HTTP 400")
          .hasMessageNotContaining(API_KEY);
    }
  }

  @Test
  void oauth2ClientCredentialsTokenIsFetchedOnceAndCachedUntilExpiry() throws InterruptedException {
    String client =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("airlock:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    api.handle(
        "/oauth/token",
        r ->
            client.equals(r.header("Authorization"))
                    && r.body().contains("grant_type=client_credentials")
                    && r.body().contains("scope=read%3Acustomers+read%3Aorders")
                ? Reply.json("{\"access_token\": \"at-1\", \"expires_in\": 3600}")
                : Reply.status(401));
    api.handle(
        "/v1/customers",
        r -> {
          if (!"Bearer at-1".equals(r.header("Authorization"))) {
            return Reply.status(401);
          }
          int page = Integer.parseInt(r.params().get("page"));
          return TestingCustomers.page(page * 3 - 2, page * 3);
        });
    Map<String, Object> config =
        settings(TestingCustomers.yaml("pagination: {kind: page, size_param: per_page, size: 3}"));
    config.put(
        "auth",
        Map.of(
            "kind", "oauth2_client_credentials",
            "token_url", api.baseUrl() + "/oauth/token",
            "client_id", "airlock",
            "client_secret", "env://CLIENT_SECRET",
            "scopes", List.of("read:customers", "read:orders")));

    try (Source source = source(config)) {
      assertThat(ids(read(source, null, null))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }
    assertThat(api.requests("/v1/customers")).hasSize(3);
    assertThat(api.requests("/oauth/token")).hasSize(1);
  }

  @Test
  void anExpiredOauth2TokenIsFetchedAgain() throws InterruptedException {
    AtomicInteger tokens = new AtomicInteger();
    api.handle(
        "/oauth/token",
        r ->
            Reply.json(
                "{\"access_token\": \"at-" + tokens.incrementAndGet() + "\", \"expires_in\": 10}"));
    api.handle(
        "/v1/customers",
        r -> {
          int page = Integer.parseInt(r.params().get("page"));
          return ("Bearer at-" + page).equals(r.header("Authorization"))
              ? TestingCustomers.page(page * 4 - 3, page * 4)
              : Reply.status(401);
        });
    Map<String, Object> config =
        settings(TestingCustomers.yaml("pagination: {kind: page, size: 4}"));
    config.put(
        "auth",
        Map.of(
            "kind", "oauth2_client_credentials",
            "token_url", api.baseUrl() + "/oauth/token",
            "client_id", "airlock",
            "client_secret", "env://CLIENT_SECRET"));

    try (Source source = source(config)) {
      assertThat(read(source, null, null).rows()).hasSize(7);
    }
    assertThat(api.requests("/oauth/token")).hasSize(2);
  }

  @Test
  void anOauth2TokenTheApiRejectsIsRenewedOnce() throws InterruptedException {
    AtomicInteger tokens = new AtomicInteger();
    api.handle(
        "/oauth/token",
        r ->
            Reply.json(
                "{\"access_token\": \"at-"
                    + tokens.incrementAndGet()
                    + "\", \"expires_in\": 3600}"));
    api.handle(
        "/v1/customers",
        r ->
            "Bearer at-2".equals(r.header("Authorization"))
                ? TestingCustomers.page(1, 7)
                : Reply.status(401));
    Map<String, Object> config = settings(TestingCustomers.yaml(""));
    config.put(
        "auth",
        Map.of(
            "kind", "oauth2_client_credentials",
            "token_url", api.baseUrl() + "/oauth/token",
            "client_id", "airlock",
            "client_secret", "env://CLIENT_SECRET"));

    try (Source source = source(config)) {
      assertThat(read(source, null, null).rows()).hasSize(7);
    }
    assertThat(api.requests("/oauth/token")).hasSize(2);
  }

  @Test
  void aRejectedBearerTokenIsNotRetried() {
    api.handle("/v1/customers", r -> Reply.status(401));
    Map<String, Object> config = settings(TestingCustomers.yaml(""));
    config.put("auth", Map.of("kind", "bearer", "token", "env://API_TOKEN"));

    try (Source source = source(config)) {
      assertThatThrownBy(source::check).hasMessageContaining("answered HTTP 401");
    }
    assertThat(api.requests("/v1/customers")).hasSize(1);
  }

  @Test
  void pageNumberPaginationStopsAtAShortPage() throws InterruptedException {
    api.handle(
        "/v1/customers",
        r -> {
          int page = Integer.parseInt(r.params().get("p"));
          return TestingCustomers.page(page * 2 + 1, page * 2 + 2);
        });
    String yaml =
        TestingCustomers.yaml(
            "pagination: {kind: page, param: p, first_page: 0, size_param: size, size: 2}");

    try (Source source = source(settings(yaml))) {
      assertThat(ids(read(source, null, null))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }
    assertThat(api.requests("/v1/customers"))
        .extracting(r -> r.params().get("p") + "/" + r.params().get("size"))
        .containsExactly("0/2", "1/2", "2/2", "3/2");
  }

  @Test
  void offsetLimitPaginationAdvancesByTheRecordsReceived() throws InterruptedException {
    api.handle(
        "/v1/customers",
        r -> {
          int offset = Integer.parseInt(r.params().get("offset"));
          int limit = Integer.parseInt(r.params().get("limit"));
          return TestingCustomers.page(offset + 1, offset + limit);
        });

    try (Source source =
        source(settings(TestingCustomers.yaml("pagination: {kind: offset, size: 3}")))) {
      assertThat(ids(read(source, null, null))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }
    assertThat(api.requests("/v1/customers"))
        .extracting(r -> r.params().get("offset"))
        .containsExactly("0", "3", "6");
  }

  @Test
  void cursorPaginationFollowsTheCursorInTheResponse() throws InterruptedException {
    api.handle(
        "/v1/customers",
        r -> {
          int from =
              r.params().containsKey("after") ? Integer.parseInt(r.params().get("after")) + 1 : 1;
          int to = Math.min(from + 2, 7);
          String next = to < 7 ? "\"" + to + "\"" : "null";
          return Reply.json(
              "{\"data\": "
                  + TestingCustomers.array(from, to)
                  + ", \"meta\": {\"next\": "
                  + next
                  + "}}");
        });
    String yaml =
        TestingCustomers.yaml("pagination: {kind: cursor, param: after, cursor_path: meta.next}");

    try (Source source = source(settings(yaml))) {
      assertThat(ids(read(source, null, null))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }
    assertThat(api.requests("/v1/customers"))
        .extracting(r -> r.params().get("after"))
        .containsExactly(null, "3", "6");
  }

  @Test
  void linkHeaderPaginationFollowsRelNext() throws InterruptedException {
    api.handle(
        "/v1/customers",
        r -> {
          int page = Integer.parseInt(r.params().getOrDefault("page", "1"));
          Map<String, String> headers = new HashMap<>();
          if (page < 3) {
            headers.put(
                "Link",
                "<"
                    + api.baseUrl()
                    + "/v1/customers?page=1>; rel=\"first\", </v1/customers?page="
                    + (page + 1)
                    + ">; rel=\"next\"");
          }
          return new Reply(
              200, headers, "{\"data\": " + TestingCustomers.array(page * 3 - 2, page * 3) + "}");
        });

    try (Source source = source(settings(TestingCustomers.yaml("pagination: {kind: link}")))) {
      assertThat(ids(read(source, null, null))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }
    assertThat(api.requests("/v1/customers")).hasSize(3);
  }

  @Test
  void aLinkToAnotherHostIsNotFollowed() {
    api.handle(
        "/v1/customers",
        r ->
            new Reply(
                200,
                Map.of("Link", "<http://localhost:1/v1/customers?page=2>; rel=next"),
                "{\"data\": " + TestingCustomers.array(1, 2) + "}"));

    try (Source source = source(settings(TestingCustomers.yaml("pagination: {kind: link}")))) {
      assertThatThrownBy(() -> read(source, null, null))
          .hasMessageContaining("points at another host");
    }
  }

  @Test
  void incrementalReadSendsTheSavedCursorAndMarksStateAfterEveryPage() throws InterruptedException {
    api.handle(
        "/v1/customers",
        r -> {
          String since = r.params().get("updated_since");
          int first = since == null ? 1 : Integer.parseInt(since.substring(9, 10));
          int page = Integer.parseInt(r.params().get("page"));
          int from = first + (page - 1) * 3;
          return TestingCustomers.page(from, Math.min(from + 2, 7));
        });
    String yaml =
        TestingCustomers.yaml(
            """
            pagination: {kind: page, size: 3}
            incremental: {cursor_field: updated_at, param: updated_since}""");

    try (Source source = source(settings(yaml))) {
      Read first = read(source, "updated_at", null);
      Read again = read(source, "updated_at", first.states().getLast());

      assertThat(ids(first)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
      assertThat(first.states())
          .containsExactly(
              "{\"cursor_field\":\"updated_at\",\"cursor\":\"2024-05-03T10:00:00.123453Z\"}",
              "{\"cursor_field\":\"updated_at\",\"cursor\":\"2024-05-06T10:00:00.123456Z\"}",
              "{\"cursor_field\":\"updated_at\",\"cursor\":\"2024-05-07T10:00:00.123457Z\"}");
      assertThat(ids(again)).containsExactly(7L);
      assertThat(again.states()).containsExactly(first.states().getLast());
    }
    assertThat(api.requests("/v1/customers"))
        .extracting(r -> r.params().get("updated_since"))
        .containsExactly(null, null, null, "2024-05-07T10:00:00.123457Z");
  }

  @Test
  void anIncrementalReadByAnUndeclaredCursorIsRefused() {
    api.handle("/v1/customers", r -> TestingCustomers.page(1, 7));
    String yaml =
        TestingCustomers.yaml("incremental: {cursor_field: updated_at, param: updated_since}");

    try (Source source = source(settings(yaml))) {
      assertThatThrownBy(() -> read(source, "id", null))
          .hasMessage(
              "Stream customers cannot be read incrementally by id: its YAML declares"
                  + " cursor_field updated_at; use it");
    }
  }

  @Test
  void tooManyRequestsIsRetriedAfterTheSecondsOfRetryAfter() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    api.handle(
        "/v1/customers",
        r ->
            calls.incrementAndGet() == 1
                ? new Reply(429, Map.of("Retry-After", "7"), "")
                : TestingCustomers.page(1, 7));

    try (Source source = source(settings(TestingCustomers.yaml("")))) {
      assertThat(read(source, null, null).rows()).hasSize(7);
    }
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void tooManyRequestsIsRetriedAfterTheHttpDateOfRetryAfter() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    String inTwoMinutes =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120));
    api.handle(
        "/v1/customers",
        r ->
            calls.incrementAndGet() == 1
                ? new Reply(429, Map.of("Retry-After", inTwoMinutes), "")
                : TestingCustomers.page(1, 7));

    try (Source source = source(settings(TestingCustomers.yaml("")))) {
      assertThat(read(source, null, null).rows()).hasSize(7);
    }
    assertThat(sleeps).hasSize(1);
    assertThat(sleeps.getFirst()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(120));
  }

  @Test
  void aRetryAfterLongerThanAllowedFailsTheRead() {
    api.handle("/v1/customers", r -> new Reply(503, Map.of("Retry-After", "3600"), ""));

    try (Source source = source(settings(TestingCustomers.yaml("")))) {
      assertThatThrownBy(source::check)
          .hasMessageContaining("asked to wait 3600 s before retrying /v1/customers")
          .hasMessageContaining("max_retry_after_seconds");
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void serverErrorIsRetriedWithBackoffThenSucceeds() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    api.handle(
        "/v1/customers",
        r -> calls.incrementAndGet() <= 2 ? Reply.status(500) : TestingCustomers.page(1, 7));

    try (Source source = source(settings(TestingCustomers.yaml("")))) {
      assertThat(read(source, null, null).rows()).hasSize(7);
    }
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void aServerErrorOnEveryAttemptFailsNamingStreamPathAndStatus() {
    api.handle("/v1/customers", r -> new Reply(502, Map.of(), "{\"detail\": \"row 42 = x\"}"));
    Map<String, Object> config = settings(TestingCustomers.yaml(""));
    config.put("max_attempts", 3);

    try (Source source = source(config)) {
      assertThatThrownBy(source::check)
          .isInstanceOf(ConnectorException.class)
          .hasMessage(
              "Cannot read stream customers: GET /v1/customers answered HTTP 502; the API"
                  + " failed, retry later")
          .satisfies(e -> assertThat(((ConnectorException) e).retriable()).isTrue());
    }
    assertThat(api.requests("/v1/customers")).hasSize(3);
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void loopbackIsRefusedUnlessAllowed() {
    api.handle("/v1/customers", r -> TestingCustomers.page(1, 7));
    Map<String, Object> config = settings(TestingCustomers.yaml(""));
    config.remove("allow_loopback");

    try (Source source = source(config)) {
      assertThatThrownBy(source::check)
          .hasMessage(
              "Refusing to connect for stream customers to 127.0.0.1, a loopback address; set"
                  + " allow_loopback to true only if the API really lives there");
    }
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void aCloudMetadataAddressIsRefusedBeforeAnyConnection() {
    Map<String, Object> config = settings(TestingCustomers.yaml(""));
    config.put("base_url", "http://169.254.169.254/latest");
    config.put("allow_link_local", "true");

    try (Source source = source(config)) {
      assertThatThrownBy(source::check)
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("169.254.169.254, a cloud metadata address")
          .hasMessageContaining("allow_cloud_metadata");
    }
  }

  @Test
  void theMetadataHostNameIsRefusedWithoutResolvingIt() {
    Map<String, Object> config = settings(TestingCustomers.yaml(""));
    config.put("base_url", "http://metadata.google.internal/computeMetadata/v1");

    try (Source source = source(config)) {
      assertThatThrownBy(source::check).hasMessageContaining("a cloud metadata endpoint");
    }
    assertThat(resolved).isEmpty();
  }

  @Test
  void aRedirectToALinkLocalAddressIsRefused() {
    api.handle(
        "/v1/customers",
        r -> new Reply(302, Map.of("Location", "http://169.254.10.1/v1/customers"), ""));
    api.handle("/v2/customers", r -> new Reply(307, Map.of("Location", "http://[fe80::1]/x"), ""));

    try (Source source = source(settings(TestingCustomers.yaml("")))) {
      assertThatThrownBy(source::check)
          .hasMessage(
              "Refusing to connect for stream customers to 169.254.10.1, a link-local address;"
                  + " set allow_link_local to true only if the API really lives there");
    }
    try (Source source = source(settings(TestingCustomers.yaml("").replace("/v1/", "/v2/")))) {
      assertThatThrownBy(source::check).hasMessageContaining("[fe80::1], a link-local address");
    }
    assertThat(resolved).contains("169.254.10.1", "fe80::1");
  }

  @Test
  void aRedirectOnTheSameOriginIsFollowedWithCredentials() throws InterruptedException {
    api.handle("/v1/customers", r -> new Reply(301, Map.of("Location", "/v1/clients"), ""));
    api.handle(
        "/v1/clients",
        r ->
            ("Bearer " + TOKEN).equals(r.header("Authorization"))
                ? TestingCustomers.page(1, 2)
                : Reply.status(401));
    Map<String, Object> config = settings(TestingCustomers.yaml(""));
    config.put("auth", Map.of("kind", "bearer", "token", "env://API_TOKEN"));

    try (Source source = source(config)) {
      assertThat(read(source, null, null).rows()).hasSize(2);
    }
  }

  @Test
  void unknownYamlKeysAreRejected() {
    String yaml = TestingCustomers.yaml("paginaton: {kind: page}");

    assertThatThrownBy(() -> source(settings(yaml)))
        .isInstanceOf(ConnectorException.class)
        .hasMessageStartingWith(
            "Connector source-http setting 'streams': the YAML stream customers has unknown key"
                + " 'paginaton'");
  }

  @Test
  void anApiThatIgnoresThePageParameterFailsInsteadOfLoopingForever() {
    api.handle("/v1/customers", r -> TestingCustomers.page(1, 3));

    try (Source source =
        source(settings(TestingCustomers.yaml("pagination: {kind: page, size: 3}")))) {
      assertThatThrownBy(() -> read(source, null, null))
          .hasMessageContaining("answered the same page twice in a row")
          .hasMessageContaining("parameter 'page'");
    }
    assertThat(api.requests("/v1/customers")).hasSize(2);
  }

  @Test
  void streamsAreReadFromAYamlFileOnTheDataPlane(@TempDir Path folder) throws Exception {
    api.handle("/v1/customers", r -> TestingCustomers.page(1, 7));
    Path file = folder.resolve("api.yaml");
    Files.writeString(file, TestingCustomers.yaml(""));
    Map<String, Object> config = settings("unused");
    config.remove("streams");
    config.put("streams_file", file.toString());

    try (Source source = source(config)) {
      assertThat(read(source, null, null).rows()).hasSize(7);
    }
  }
}
