package io.airlock.cli.api;

import static java.util.Objects.requireNonNull;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A small client of the control plane's REST API ({@code /api/v1}) over HTTPS. It trusts only the
 * control plane's CA and sends the admin token as a bearer token. Refusals become {@link
 * ApiException}s that render the problem's detail and field errors.
 */
public final class ApiClient {
  private static final String API = "/api/v1";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI server;
  private final String token;
  private final HttpClient http;
  private final JsonMapper json;

  /**
   * @param server base address of the control plane, for example {@code https://127.0.0.1:8443}
   * @param sslContext trusts the control plane's CA
   * @param token admin API token, sent as {@code Authorization: Bearer}
   */
  public ApiClient(URI server, SSLContext sslContext, String token) {
    this.server = requireNonNull(server, "server is null");
    this.token = requireNonNull(token, "token is null");
    this.http =
        HttpClient.newBuilder()
            .sslContext(requireNonNull(sslContext, "sslContext is null"))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.json = JsonMapper.builder().build();
  }

  public URI server() {
    return server;
  }

  public JsonMapper json() {
    return json;
  }

  /** {@code GET /api/v1<path>}. */
  public JsonNode get(String path) {
    return send("GET", path, HttpRequest.BodyPublishers.noBody());
  }

  /** {@code POST /api/v1<path>} with {@code body} as JSON (null sends no body). */
  public JsonNode post(String path, Object body) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
    return send("POST", path, publisher);
  }

  /** {@code PATCH /api/v1<path>} with {@code body} as a JSON merge patch. */
  public JsonNode patch(String path, Object body) {
    return send(
        "PATCH", path, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
  }

  /** {@code DELETE /api/v1<path>}. */
  public void delete(String path) {
    send("DELETE", path, HttpRequest.BodyPublishers.noBody());
  }

  private JsonNode send(String method, String path, HttpRequest.BodyPublisher body) {
    HttpRequest request =
        HttpRequest.newBuilder(server.resolve(API + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json, application/problem+json")
            .header("Content-Type", "application/json")
            .method(method, body)
            .build();
    String description = method + " " + API + path;
    HttpResponse<String> response = exchange(request, description);
    if (response.statusCode() >= 400) {
      throw problem(description, response);
    }
    return parse(response.body(), description);
  }

  private HttpResponse<String> exchange(HttpRequest request, String description) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new CliException(
          "Cannot reach the control plane at "
              + server
              + " ("
              + description
              + "): connection refused or timed out. Is it running? Start it with 'airlock"
              + " quickstart' or 'airlock controlplane', or pass its address with --server.",
          ExitCodes.UNREACHABLE,
          e);
    } catch (SSLException e) {
      throw new CliException(
          "TLS with the control plane at "
              + server
              + " failed: "
              + e.getMessage()
              + ". Check that --ca-file is the control plane's ca.pem and --server its address.",
          ExitCodes.UNREACHABLE,
          e);
    } catch (IOException e) {
      throw new CliException(
          "Request to the control plane failed (" + description + "): " + e,
          ExitCodes.UNREACHABLE,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted while calling the control plane", ExitCodes.INTERRUPTED);
    }
  }

  private JsonNode parse(String body, String description) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return json.readTree(body);
    } catch (RuntimeException e) {
      throw new CliException(
          "The control plane answered " + description + " with a body that is not JSON");
    }
  }

  private ApiException problem(String description, HttpResponse<String> response) {
    JsonNode body;
    try {
      body = response.body() == null ? MissingNode.getInstance() : json.readTree(response.body());
    } catch (RuntimeException e) {
      body = MissingNode.getInstance();
    }
    List<ApiException.FieldError> errors = new ArrayList<>();
    for (JsonNode error : body.path("errors")) {
      errors.add(
          new ApiException.FieldError(
              textOrNull(error.path("field")), error.path("message").asString("")));
    }
    return new ApiException(
        description,
        response.statusCode(),
        textOrNull(body.path("title")),
        textOrNull(body.path("detail")),
        errors);
  }

  private static String textOrNull(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asString();
  }
}
