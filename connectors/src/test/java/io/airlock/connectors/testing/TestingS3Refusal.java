package io.airlock.connectors.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server on 127.0.0.1 that answers every request as S3 answers a request signed with
 * an unknown access key: {@code 403 Forbidden} with the documented XML error body, code {@code
 * InvalidAccessKeyId} (no body for {@code HEAD}). S3Mock accepts any credentials, so refused
 * credentials are tested against this.
 */
public final class TestingS3Refusal implements AutoCloseable {
  private static final String BODY =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InvalidAccessKeyId</Code>"
          + "<Message>The AWS Access Key Id you provided does not exist in our records.</Message>"
          + "<RequestId>0</RequestId></Error>";

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  public TestingS3Refusal() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::refuse);
    server.start();
  }

  private void refuse(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (InputStream body = exchange.getRequestBody()) {
      body.transferTo(OutputStream.nullOutputStream());
    }
    exchange.getResponseHeaders().add("Content-Type", "application/xml");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(403, -1);
      exchange.close();
      return;
    }
    byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(403, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests it refused. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
