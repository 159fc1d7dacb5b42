package io.airlock.connectors.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's {@code com.sun.net.httpserver}) serving hand-written
 * handlers, recording every request it receives. Start one per test and close it.
 */
public final class TestingHttpApi implements AutoCloseable {
  /** A request as the server received it. */
  public record Seen(
      String method,
      String path,
      Map<String, String> params,
      Map<String, List<String>> headers,
      String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  /** The answer to one request. */
  public record Reply(int status, Map<String, String> headers, String body) {
    public static Reply json(String body) {
      return new Reply(200, Map.of("Content-Type", "application/json"), body);
    }

    public static Reply status(int status) {
      return new Reply(status, Map.of(), "");
    }
  }

  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    Reply answer(Seen request);
  }

  private final HttpServer server;
  private final List<Seen> requests = new CopyOnWriteArrayList<>();

  private TestingHttpApi(HttpServer server) {
    this.server = server;
  }

  public static TestingHttpApi start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.start();
      return new TestingHttpApi(server);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the test HTTP server", e);
    }
  }

  /** Serves {@code path} (and paths below it) with {@code handler}. */
  public TestingHttpApi handle(String path, Handler handler) {
    server.createContext(path, exchange -> serve(exchange, handler));
    return this;
  }

  private void serve(HttpExchange exchange, Handler handler) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Seen seen =
          new Seen(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              params(exchange.getRequestURI().getRawQuery()),
              Map.copyOf(exchange.getRequestHeaders()),
              body);
      requests.add(seen);
      Reply reply = handler.answer(seen);
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Seen> requests() {
    return List.copyOf(requests);
  }

  public List<Seen> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
