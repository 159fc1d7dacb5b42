package io.airlock.connectors.http;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the requests of {@code source-http} with the JDK's HTTP client: every hop checked by the
 * {@link AddressGuard} first, redirects followed by hand (at most {@value #MAX_REDIRECTS}),
 * credentials added only on the API's own origin, and 429 and 5xx answers (and failed connections)
 * retried up to a bounded number of attempts, after the server's {@code Retry-After} or an
 * exponential backoff with jitter.
 *
 * <p>Errors and logs name the URL's path, never its query (which may hold an API key) and never a
 * response body.
 */
final class HttpFetcher {
  private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);

  static final int MAX_REDIRECTS = 5;

  /** The largest response body read, so that one answer cannot exhaust the data plane's memory. */
  static final int MAX_BODY_BYTES = 64 << 20;

  static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  /** Waits between attempts; {@link Thread#sleep(Duration)} outside tests. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * How failed requests are retried.
   *
   * @param maxAttempts attempts per request, the first included
   * @param initialBackoff the wait before the second attempt; it doubles each time, up to {@code
   *     maxBackoff}, and a random part of up to half of it is taken off (jitter)
   * @param maxRetryAfter the longest {@code Retry-After} obeyed; a longer one fails the request
   */
  record Retries(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {}

  /**
   * One request: GET, or POST of a form.
   *
   * @param credentials whether the API's credentials are added (on the API's origin only)
   */
  record Request(
      String method, URI uri, Map<String, String> headers, String form, boolean credentials) {
    static Builder get(URI uri) {
      return new Builder("GET", uri, null);
    }

    /** Method and path only: headers, query and form may hold credentials. */
    @Override
    public String toString() {
      return "Request[" + method + " " + uri.getPath() + "]";
    }

    static Builder post(URI uri, String form) {
      return new Builder("POST", uri, form);
    }

    /** Builds a request, adding headers and query parameters. */
    static final class Builder {
      private final String method;
      private final String form;
      private URI uri;
      private final Map<String, String> headers = new LinkedHashMap<>();
      private boolean credentials;

      private Builder(String method, URI uri, String form) {
        this.method = method;
        this.uri = requireNonNull(uri, "uri is null");
        this.form = form;
      }

      Builder header(String name, String value) {
        headers.put(name, value);
        return this;
      }

      /** Adds the API's credentials when the request goes to the API's origin. */
      Builder withCredentials() {
        credentials = true;
        return this;
      }

      Builder query(String name, String value) {
        String pair = encode(name) + "=" + encode(value);
        String raw = uri.toString();
        int fragment = raw.indexOf('#');
        String base = fragment < 0 ? raw : raw.substring(0, fragment);
        uri = URI.create(base + (uri.getRawQuery() == null ? "?" : "&") + pair);
        return this;
      }

      Request build() {
        return new Request(method, uri, Map.copyOf(headers), form, credentials);
      }
    }
  }

  /** An answer with a 2xx status. */
  record Response(int status, HttpHeaders headers, byte[] body, URI uri) {
    /** Status and path only: the body holds record values, the query may hold an API key. */
    @Override
    public String toString() {
      return "Response[" + status + " " + uri.getPath() + ", " + body.length + " bytes]";
    }
  }

  private final HttpClient client;
  private final AddressGuard guard;
  private final HttpAuth auth;
  private final URI origin;
  private final Retries retries;
  private final Duration timeout;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  HttpFetcher(
      HttpClient client,
      AddressGuard guard,
      HttpAuth auth,
      URI origin,
      Retries retries,
      Duration timeout,
      Sleeper sleeper,
      RandomGenerator random) {
    this.client = requireNonNull(client, "client is null");
    this.guard = requireNonNull(guard, "guard is null");
    this.auth = requireNonNull(auth, "auth is null");
    this.origin = requireNonNull(origin, "origin is null");
    this.retries = requireNonNull(retries, "retries is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
    this.random = requireNonNull(random, "random is null");
  }

  /** GETs {@code uri} for stream {@code stream} with the API's credentials. */
  Response get(URI uri, String stream) throws InterruptedException {
    Request request =
        Request.get(uri).header("Accept", "application/json").withCredentials().build();
    return send(request, "stream " + stream);
  }

  /**
   * Sends {@code request}, retrying as {@link Retries} says. {@code what} names the stream or
   * endpoint in errors.
   */
  Response send(Request request, String what) throws InterruptedException {
    try {
      return sendWithRetries(request, what);
    } catch (CredentialsRejected rejected) {
      if (!auth.renew()) {
        throw rejected.error;
      }
      log.info("The API rejected its access token for {}; fetching a new one", what);
    }
    try {
      return sendWithRetries(request, what);
    } catch (CredentialsRejected rejected) {
      throw rejected.error;
    }
  }

  /** A 401 answer to a request with the API's credentials, which renewed ones may pass. */
  private static final class CredentialsRejected extends RuntimeException {
    private final ConnectorException error;

    CredentialsRejected(ConnectorException error) {
      super(null, null, false, false);
      this.error = error;
    }
  }

  private Response sendWithRetries(Request request, String what) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      Attempt result = attempt(request, what);
      if (result.response() != null) {
        return result.response();
      }
      if (attempt >= retries.maxAttempts()) {
        throw result.failure();
      }
      Duration wait = result.retryAfter() != null ? result.retryAfter() : backoff(attempt);
      log.info(
          "Retrying {} for {} in {} ms (attempt {} of {})",
          request.uri().getPath(),
          what,
          wait.toMillis(),
          attempt + 1,
          retries.maxAttempts());
      sleeper.sleep(wait);
    }
  }

  /** A 2xx response, or a retriable failure and the wait the server asked for (or null). */
  private record Attempt(Response response, ConnectorException failure, Duration retryAfter) {}

  private Attempt attempt(Request request, String what) throws InterruptedException {
    URI uri = request.uri();
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      guard.check(uri, what);
      HttpResponse<InputStream> response;
      try {
        response = client.send(http(request, uri), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        return new Attempt(null, unreachable(request, uri, what, e), null);
      }
      int status = response.statusCode();
      if (isRedirect(status)) {
        closeQuietly(response.body());
        uri = redirectTarget(response, uri, what);
        continue;
      }
      if (status / 100 == 2) {
        return new Attempt(
            new Response(status, response.headers(), body(response, what), uri), null, null);
      }
      closeQuietly(response.body());
      ConnectorException failure = statusError(request.method(), uri, status, what);
      if (status == 429 || status / 100 == 5) {
        return new Attempt(null, failure, retryAfter(response.headers(), uri, what));
      }
      if (status == 401 && request.credentials()) {
        throw new CredentialsRejected(failure);
      }
      throw failure;
    }
    throw new ConnectorException(
        ConnectorException.Kind.EXTERNAL,
        "Cannot fetch "
            + request.uri().getPath()
            + " for "
            + what
            + ": more than "
            + MAX_REDIRECTS
            + " redirects; check setting 'base_url'");
  }

  private HttpRequest http(Request request, URI uri) throws InterruptedException {
    boolean sameOrigin = sameOrigin(uri, request.uri());
    Request.Builder hop =
        request.form() == null ? Request.get(uri) : Request.post(uri, request.form());
    if (sameOrigin) {
      request.headers().forEach(hop::header);
    }
    if (request.credentials() && sameOrigin && sameOrigin(uri, origin)) {
      auth.apply(hop, this);
    }
    Request built = hop.build();
    HttpRequest.Builder http = HttpRequest.newBuilder(built.uri()).timeout(timeout);
    built.headers().forEach(http::header);
    if (built.form() == null) {
      return http.GET().build();
    }
    return http.header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(built.form()))
        .build();
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static URI redirectTarget(HttpResponse<?> response, URI uri, String what) {
    String location = response.headers().firstValue("Location").orElse(null);
    if (location == null) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot fetch " + uri.getPath() + " for " + what + ": a redirect without a Location");
    }
    try {
      return uri.resolve(location);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot fetch " + uri.getPath() + " for " + what + ": a redirect to an invalid URL");
    }
  }

  private static byte[] body(HttpResponse<InputStream> response, String what) {
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new ConnectorException(
            ConnectorException.Kind.EXTERNAL,
            "The response to "
                + response.uri().getPath()
                + " for "
                + what
                + " is larger than "
                + (MAX_BODY_BYTES >> 20)
                + " MiB; ask for smaller pages (pagination 'size')");
      }
      return body;
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot read the response to " + response.uri().getPath() + " for " + what,
          e);
    }
  }

  private Duration retryAfter(HttpHeaders headers, URI uri, String what) {
    Duration wait = RetryAfter.parse(headers.firstValue("Retry-After").orElse(null));
    if (wait != null && wait.compareTo(retries.maxRetryAfter()) > 0) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "The API asked to wait "
              + wait.toSeconds()
              + " s before retrying "
              + uri.getPath()
              + " for "
              + what
              + ", more than max_retry_after_seconds ("
              + retries.maxRetryAfter().toSeconds()
              + " s); run the sync later or raise that setting");
    }
    return wait;
  }

  /**
   * The wait before attempt {@code attempt + 1}: exponential, capped, minus up to half (jitter).
   */
  Duration backoff(int attempt) {
    long initial = retries.initialBackoff().toMillis();
    long exponential = initial << Math.min(attempt - 1, 30);
    long capped =
        Math.min(exponential < 0 ? Long.MAX_VALUE : exponential, retries.maxBackoff().toMillis());
    long jitter = capped <= 1 ? 0 : random.nextLong(capped / 2 + 1);
    return Duration.ofMillis(capped - jitter);
  }

  /** The JSON document in {@code response}. */
  JsonNode json(Response response, String what) {
    try {
      return JSON.readTree(response.body());
    } catch (JacksonException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "The response to "
              + response.uri().getPath()
              + (what.isEmpty() ? "" : " for " + what)
              + " is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ")");
    }
  }

  private static ConnectorException statusError(String method, URI uri, int status, String what) {
    String advice =
        switch (status) {
          case 401, 403 -> "; check the credentials in setting 'auth'";
          case 404 -> "; check setting 'base_url' and the stream's path";
          case 429 -> "; the API limits the request rate, run the sync later";
          default -> status / 100 == 5 ? "; the API failed, retry later" : "";
        };
    ConnectorException.Kind kind =
        status == 429 || status / 100 == 5
            ? ConnectorException.Kind.EXTERNAL
            : ConnectorException.Kind.USER;
    return new ConnectorException(
        kind,
        "Cannot read "
            + what
            + ": "
            + method
            + " "
            + uri.getPath()
            + " answered HTTP "
            + status
            + advice);
  }

  private static ConnectorException unreachable(
      Request request, URI uri, String what, IOException e) {
    return new ConnectorException(
        ConnectorException.Kind.EXTERNAL,
        "Cannot reach "
            + uri.getHost()
            + " for "
            + what
            + ": "
            + request.method()
            + " "
            + uri.getPath()
            + " failed ("
            + e.getClass().getSimpleName()
            + "); check setting 'base_url' and the network");
  }

  static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
        && Objects.equals(lower(a.getHost()), lower(b.getHost()))
        && port(a) == port(b);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      log.debug("Cannot close a response body", e);
    }
  }
}
