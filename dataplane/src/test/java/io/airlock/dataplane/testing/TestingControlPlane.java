package io.airlock.dataplane.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.airlock.dataplane.transport.ProtocolJson;
import io.airlock.protocol.enrollment.EnrollmentRequest;
import io.airlock.protocol.enrollment.EnrollmentResponse;
import io.airlock.protocol.enrollment.RenewalRequest;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.lease.Heartbeat;
import io.airlock.protocol.lease.HeartbeatResponse;
import io.airlock.protocol.lease.JobResult;
import io.airlock.protocol.lease.Lease;
import io.airlock.protocol.lease.LeaseRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A fake control plane for tests: a real HTTPS server on 127.0.0.1 with a test CA, serving the
 * data-plane endpoints of the REST contract and recording what it receives.
 */
public final class TestingControlPlane implements AutoCloseable {
  /** How heartbeats are answered. */
  public enum HeartbeatMode {
    OK,
    STALE,
    CANCELLED
  }

  public final UUID dataPlaneId = UUID.randomUUID();
  public final String region = "eu-1";
  public final String tokenSecret = "alt_" + UUID.randomUUID().toString().replace("-", "");
  public final AtomicInteger enrollments = new AtomicInteger();
  public final AtomicInteger renewals = new AtomicInteger();
  public final AtomicInteger leasePolls = new AtomicInteger();
  public final List<String> clientSubjects = new CopyOnWriteArrayList<>();
  public final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
  public final BlockingQueue<JobResult> results = new LinkedBlockingQueue<>();
  public final BlockingQueue<Lease> leasesTaken = new LinkedBlockingQueue<>();

  private final TestingCa ca;
  private final HttpsServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final BlockingQueue<JobSpec> jobs = new LinkedBlockingQueue<>();
  private volatile boolean tokenUsed;
  private volatile boolean revoked;
  private volatile HeartbeatMode heartbeatMode = HeartbeatMode.OK;
  private volatile Duration certificateLifetime = Duration.ofHours(24);
  private volatile Duration leaseDuration = Duration.ofSeconds(60);
  private final AtomicInteger generation = new AtomicInteger(1);

  private TestingControlPlane(TestingCa ca) throws IOException {
    this.ca = ca;
    this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(ca.serverContext()) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
            parameters.setWantClientAuth(true);
            params.setSSLParameters(parameters);
          }
        });
    server.setExecutor(executor);
    server.createContext("/api/v1/enrollments", this::enroll);
    server.createContext("/api/v1/dataplane/", this::dataPlane);
    server.start();
  }

  public static TestingControlPlane start(TestingCa ca) throws IOException {
    return new TestingControlPlane(ca);
  }

  public URI uri() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** A valid token for this control plane. */
  public String token() {
    return tokenSecret + "." + ca.fingerprint();
  }

  /** A token whose fingerprint pins {@code other} CA. */
  public String tokenPinning(TestingCa other) {
    return tokenSecret + "." + other.fingerprint();
  }

  public void revoke() {
    revoked = true;
  }

  public void heartbeatMode(HeartbeatMode mode) {
    heartbeatMode = mode;
  }

  public void certificateLifetime(Duration lifetime) {
    certificateLifetime = lifetime;
  }

  public void leaseDuration(Duration duration) {
    leaseDuration = duration;
  }

  /** Queues a job; the next lease poll hands it out. */
  public void enqueue(JobSpec job) {
    jobs.add(job);
  }

  private void enroll(HttpExchange exchange) throws IOException {
    EnrollmentRequest request = read(exchange, EnrollmentRequest.class);
    enrollments.incrementAndGet();
    if (!token().equals(request.token()) || tokenUsed) {
      problem(exchange, 401, "Enrollment token is unknown, used, or expired");
      return;
    }
    tokenUsed = true;
    respond(exchange, 201, issue(request.csrPem()));
  }

  private void dataPlane(HttpExchange exchange) throws IOException {
    X509Certificate client = clientCertificate((HttpsExchange) exchange);
    if (client == null) {
      problem(exchange, 401, "A client certificate is required");
      return;
    }
    clientSubjects.add(client.getSubjectX500Principal().getName());
    if (revoked) {
      problem(exchange, 403, "Data plane revoked");
      return;
    }
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/api/v1/dataplane/certificates")) {
      renewals.incrementAndGet();
      respond(exchange, 200, issue(read(exchange, RenewalRequest.class).csrPem()));
    } else if (path.equals("/api/v1/dataplane/leases")) {
      lease(exchange);
    } else if (path.endsWith("/heartbeats")) {
      heartbeat(exchange);
    } else if (path.endsWith("/result")) {
      results.add(read(exchange, JobResult.class));
      exchange.sendResponseHeaders(heartbeatMode == HeartbeatMode.STALE ? 409 : 204, -1);
      exchange.close();
    } else {
      problem(exchange, 404, "No such route");
    }
  }

  private void lease(HttpExchange exchange) throws IOException {
    LeaseRequest request = read(exchange, LeaseRequest.class);
    leasePolls.incrementAndGet();
    JobSpec job;
    try {
      job = jobs.poll(request.waitSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job = null;
    }
    if (job == null) {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
      return;
    }
    Lease lease =
        new Lease(job.jobId(), 1, generation.get(), Instant.now().plus(leaseDuration), job);
    leasesTaken.add(lease);
    respond(exchange, 200, lease);
  }

  private void heartbeat(HttpExchange exchange) throws IOException {
    heartbeats.add(read(exchange, Heartbeat.class));
    switch (heartbeatMode) {
      case STALE -> problem(exchange, 409, "Lease generation is stale");
      case CANCELLED ->
          respond(exchange, 200, new HeartbeatResponse(Instant.now().plus(leaseDuration), true));
      case OK ->
          respond(exchange, 200, new HeartbeatResponse(Instant.now().plus(leaseDuration), false));
    }
  }

  private EnrollmentResponse issue(String csrPem) {
    X509Certificate certificate = ca.sign(csrPem, dataPlaneId, region, certificateLifetime);
    return new EnrollmentResponse(
        dataPlaneId,
        region,
        pem(certificate),
        pem(ca.certificate()),
        certificate.getNotAfter().toInstant());
  }

  private static X509Certificate clientCertificate(HttpsExchange exchange) {
    try {
      Certificate[] chain = exchange.getSSLSession().getPeerCertificates();
      return chain.length == 0 ? null : (X509Certificate) chain[0];
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  private static <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return ProtocolJson.MAPPER.readValue(in.readAllBytes(), type);
    }
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = ProtocolJson.MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
    byte[] bytes =
        ("{\"type\":\"about:blank\",\"title\":\"Refused\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
