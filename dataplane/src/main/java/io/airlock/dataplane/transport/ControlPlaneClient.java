package io.airlock.dataplane.transport;

import static java.util.Objects.requireNonNull;

import io.airlock.protocol.enrollment.EnrollmentRequest;
import io.airlock.protocol.enrollment.EnrollmentResponse;
import io.airlock.protocol.enrollment.RenewalRequest;
import io.airlock.protocol.lease.Checkpoint;
import io.airlock.protocol.lease.Heartbeat;
import io.airlock.protocol.lease.HeartbeatResponse;
import io.airlock.protocol.lease.JobResult;
import io.airlock.protocol.lease.Lease;
import io.airlock.protocol.lease.LeaseRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The data plane's only network peer: HTTPS calls to the control plane, JSON in and out. The TLS
 * context can be swapped (after a certificate renewal) while the client is in use; calls in flight
 * finish on the old one.
 */
public final class ControlPlaneClient implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final String BASE = "/api/v1";

  private final URI controlPlane;
  private final URI proxy;
  private volatile HttpClient http;

  /**
   * @param controlPlane the control plane's address, for example {@code https://cp:8443}
   * @param tls from {@link TlsContexts}
   * @param proxy an HTTP proxy as {@code http://host:port}, or null
   */
  public ControlPlaneClient(URI controlPlane, SSLContext tls, URI proxy) {
    this.controlPlane = validate(controlPlane);
    this.proxy = proxy;
    this.http = newHttpClient(requireNonNull(tls, "tls is null"));
  }

  public URI controlPlane() {
    return controlPlane;
  }

  /** Uses {@code tls} for every later call, for example after renewing the certificate. */
  public void useTls(SSLContext tls) {
    HttpClient old = http;
    http = newHttpClient(requireNonNull(tls, "tls is null"));
    old.shutdown();
  }

  /** {@code POST /api/v1/enrollments}: the first call, with the one-time token. */
  public EnrollmentResponse enroll(EnrollmentRequest request) {
    return post("/enrollments", request, EnrollmentResponse.class, CALL_TIMEOUT).orElseThrow();
  }

  /** {@code POST /api/v1/dataplane/certificates}: a new certificate for a new key. */
  public EnrollmentResponse renew(RenewalRequest request) {
    return post("/dataplane/certificates", request, EnrollmentResponse.class, CALL_TIMEOUT)
        .orElseThrow();
  }

  /** {@code POST /api/v1/dataplane/leases}: long-polls; empty when no job came in time. */
  public Optional<Lease> lease(LeaseRequest request) {
    Duration timeout = Duration.ofSeconds(request.waitSeconds()).plus(CALL_TIMEOUT);
    return post("/dataplane/leases", request, Lease.class, timeout);
  }

  /** {@code POST /api/v1/dataplane/jobs/{id}/heartbeats}; 409 (stale) throws STALE. */
  public HeartbeatResponse heartbeat(UUID jobId, Heartbeat heartbeat) {
    return post(
            "/dataplane/jobs/" + jobId + "/heartbeats",
            heartbeat,
            HeartbeatResponse.class,
            CALL_TIMEOUT)
        .orElseThrow();
  }

  /** {@code POST /api/v1/dataplane/jobs/{id}/checkpoints}; 409 (stale) throws STALE. */
  public void checkpoint(UUID jobId, Checkpoint checkpoint) {
    post("/dataplane/jobs/" + jobId + "/checkpoints", checkpoint, Void.class, CALL_TIMEOUT);
  }

  /** {@code POST /api/v1/dataplane/jobs/{id}/result}; 409 (stale) throws STALE. */
  public void report(UUID jobId, JobResult result) {
    post("/dataplane/jobs/" + jobId + "/result", result, Void.class, CALL_TIMEOUT);
  }

  private <T> Optional<T> post(String path, Object body, Class<T> type, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(controlPlane.resolve(BASE + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(ProtocolJson.MAPPER.writeValueAsString(body)))
            .build();
    HttpResponse<String> response = send(request);
    return read(path, response, type);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlPlaneException(
          ControlPlaneException.Reason.UNREACHABLE, "Call to the control plane interrupted", e);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private ControlPlaneException failure(IOException e) {
    Optional<CertificateException> certificate = cause(e, CertificateException.class);
    if (certificate.isPresent()) {
      String why = certificate.get().getMessage();
      String hint =
          why != null && why.contains("pinned")
              ? ""
              : "; its certificate does not chain to the CA stored at enrollment (ca.pem)";
      return new ControlPlaneException(
          ControlPlaneException.Reason.TLS,
          "Cannot trust the control plane at " + controlPlane + ": " + why + hint,
          e);
    }
    if (e instanceof SSLException) {
      return new ControlPlaneException(
          ControlPlaneException.Reason.TLS,
          "TLS handshake with the control plane at "
              + controlPlane
              + " failed: "
              + e.getMessage()
              + "; check --control-plane and that it is an Airlock control plane",
          e);
    }
    return new ControlPlaneException(
        ControlPlaneException.Reason.UNREACHABLE,
        "Cannot reach control plane at "
            + controlPlane
            + ": "
            + describe(e)
            + "; check --control-plane and network"
            + (proxy == null ? "" : " (and the proxy " + proxy + ")"),
        e);
  }

  private <T> Optional<T> read(String path, HttpResponse<String> response, Class<T> type) {
    int status = response.statusCode();
    if (status == 204 || type == Void.class && status / 100 == 2) {
      return Optional.empty();
    }
    if (status / 100 != 2) {
      throw refusal(path, status, problemDetail(response.body()));
    }
    try {
      return Optional.of(ProtocolJson.MAPPER.readValue(response.body(), type));
    } catch (JacksonException e) {
      throw new ControlPlaneException(
          ControlPlaneException.Reason.SERVER,
          status,
          "The control plane's answer to POST "
              + BASE
              + path
              + " is not a valid "
              + type.getSimpleName());
    }
  }

  private ControlPlaneException refusal(String path, int status, String detail) {
    String call = "POST " + BASE + path;
    String because = detail.isEmpty() ? "" : ": " + detail;
    return switch (status) {
      case 401 ->
          new ControlPlaneException(
              ControlPlaneException.Reason.UNAUTHORIZED,
              status,
              "The control plane refused " + call + " (HTTP 401)" + because);
      case 403 ->
          new ControlPlaneException(
              ControlPlaneException.Reason.REVOKED, status, ControlPlaneException.REVOKED_MESSAGE);
      case 409 ->
          new ControlPlaneException(
              ControlPlaneException.Reason.STALE,
              status,
              "The control plane refused " + call + " as stale (HTTP 409)" + because);
      default ->
          new ControlPlaneException(
              status >= 500
                  ? ControlPlaneException.Reason.SERVER
                  : ControlPlaneException.Reason.REFUSED,
              status,
              "The control plane answered " + call + " with HTTP " + status + because);
    };
  }

  /** The {@code detail} (else {@code title}) of an RFC 9457 problem, or empty. */
  private static String problemDetail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode problem = ProtocolJson.MAPPER.readTree(body);
      String detail = problem.path("detail").asString("");
      return detail.isEmpty() ? problem.path("title").asString("") : detail;
    } catch (JacksonException e) {
      return "";
    }
  }

  private HttpClient newHttpClient(SSLContext tls) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .sslContext(tls)
            .sslParameters(TlsContexts.parameters(tls));
    if (proxy != null) {
      builder.proxy(
          ProxySelector.of(InetSocketAddress.createUnresolved(proxy.getHost(), proxy.getPort())));
    }
    return builder.build();
  }

  private static URI validate(URI controlPlane) {
    requireNonNull(controlPlane, "controlPlane is null");
    if (!"https".equalsIgnoreCase(controlPlane.getScheme()) || controlPlane.getHost() == null) {
      throw new IllegalArgumentException(
          "Invalid control plane address "
              + controlPlane
              + ": expected https://host:port (the control plane serves HTTPS only)");
    }
    return controlPlane;
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static <E extends Throwable> Optional<E> cause(Throwable e, Class<E> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    http.shutdownNow();
  }
}
