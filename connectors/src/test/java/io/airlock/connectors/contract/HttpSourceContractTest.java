package io.airlock.connectors.contract;

import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.testing.TestingHttpApi;
import io.airlock.connectors.testing.TestingHttpApi.Reply;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The HTTP source against the source contract, on a real HTTP server on 127.0.0.1 that pages
 * through five orders with a bearer token and filters them by {@code since_id} (inclusive).
 */
class HttpSourceContractTest extends SourceContract {
  private static final String TOKEN = "contract-token-4d3c";
  private static final String WRONG_TOKEN = "wrong-token-8e7f";

  private TestingHttpApi api;

  @BeforeEach
  void startApi() {
    api = TestingHttpApi.start();
    api.handle(
        "/orders",
        r -> {
          if (!("Bearer " + TOKEN).equals(r.header("Authorization"))) {
            return Reply.status(401);
          }
          int since = Integer.parseInt(r.params().getOrDefault("since_id", "1"));
          int page = Integer.parseInt(r.params().get("page"));
          int from = since + (page - 1) * 2;
          return Reply.json(orders(from, Math.min(from + 1, 5)));
        });
  }

  private static String orders(int from, int to) {
    return IntStream.rangeClosed(from, to)
        .mapToObj(
            id ->
                "{\"id\": "
                    + id
                    + ", \"total\": \""
                    + id
                    + "0.25\", \"placed\": \"2024-01-0"
                    + id
                    + "\", \"note\": null, \"items\": {\"n\": "
                    + id
                    + "}}")
        .collect(Collectors.joining(", ", "{\"orders\": [", "]}"));
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  @Override
  protected String type() {
    return "source-http";
  }

  @Override
  protected ConnectorSettings goodSettings() {
    return settings("env://ORDERS_TOKEN");
  }

  @Override
  protected ConnectorSettings badSettings() {
    return settings("env://WRONG_TOKEN");
  }

  @Override
  protected String secretInBadSettings() {
    return WRONG_TOKEN;
  }

  private ConnectorSettings settings(String tokenReference) {
    Map<String, Object> config = new HashMap<>();
    config.put("base_url", api.baseUrl());
    config.put("allow_loopback", true);
    config.put("auth", Map.of("kind", "bearer", "token", tokenReference));
    config.put(
        "streams",
        """
        streams:
          - name: orders
            path: /orders
            records: orders
            primary_key: id
            columns: {id: integer, total: decimal, placed: date, note: text, items: json}
            pagination: {kind: page, size: 2}
            incremental: {cursor_field: id, param: since_id}
        """);
    return new ConnectorSettings(
        type(),
        config,
        reference -> Secret.of(reference.equals("env://ORDERS_TOKEN") ? TOKEN : WRONG_TOKEN));
  }
}
