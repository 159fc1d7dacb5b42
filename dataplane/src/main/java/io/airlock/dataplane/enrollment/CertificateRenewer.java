package io.airlock.dataplane.enrollment;

import static java.util.Objects.requireNonNull;

import io.airlock.dataplane.transport.ControlPlaneClient;
import io.airlock.dataplane.transport.ControlPlaneException;
import io.airlock.protocol.enrollment.EnrollmentResponse;
import io.airlock.protocol.enrollment.RenewalRequest;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the client certificate at half its lifetime: a new key pair, a CSR sent over mutual TLS
 * with the current certificate, then the new key and certificate stored and used for every later
 * call. A failed renewal is retried until the certificate expires.
 */
public final class CertificateRenewer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewer.class);
  private static final Duration MIN_RETRY = Duration.ofSeconds(10);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final ControlPlaneClient client;
  private final WorkDir workDir;
  private final Identity identity;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private volatile Credentials current;

  public CertificateRenewer(
      ControlPlaneClient client, WorkDir workDir, Enrolled enrolled, Clock clock) {
    this.client = requireNonNull(client, "client is null");
    this.workDir = requireNonNull(workDir, "workDir is null");
    this.identity = enrolled.identity();
    this.current = enrolled.credentials();
    this.clock = requireNonNull(clock, "clock is null");
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "airlock-certificate-renewal");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Schedules the first renewal at half the current certificate's lifetime. */
  public void start() {
    schedule(Duration.between(clock.instant(), current.renewAt()));
  }

  public Credentials current() {
    return current;
  }

  /**
   * Renews now: new key, new certificate, stored atomically and used by the client.
   *
   * @throws ControlPlaneException when the control plane refuses or cannot be reached
   */
  public Credentials renewNow() {
    KeyPair keys = KeyPairs.generate();
    String csr = KeyPairs.csrPem(keys, identity.dataPlaneId().toString());
    EnrollmentResponse response = client.renew(new RenewalRequest(csr));
    Credentials renewed = Enrollment.verify(response, keys, fingerprint(current.ca()));
    workDir.storeCredentials(renewed);
    client.useTls(renewed.sslContext());
    current = renewed;
    LOG.info("Renewed the client certificate; valid until {}", renewed.notAfter());
    return renewed;
  }

  private void schedule(Duration delay) {
    long millis = Math.max(0, delay.toMillis());
    scheduler.schedule(this::renewAndReschedule, millis, TimeUnit.MILLISECONDS);
  }

  private void renewAndReschedule() {
    try {
      Credentials renewed = renewNow();
      schedule(Duration.between(clock.instant(), renewed.renewAt()));
    } catch (ControlPlaneException e) {
      if (e.reason() == ControlPlaneException.Reason.REVOKED) {
        LOG.error("Cannot renew the client certificate: {}", e.getMessage());
        return;
      }
      retryLater(e.getMessage());
    } catch (RuntimeException e) {
      retryLater(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void retryLater(String why) {
    Instant now = clock.instant();
    if (current.expiredAt(now)) {
      LOG.error(
          "Cannot renew the client certificate ({}); it expired at {}: enroll again with a new"
              + " token",
          why,
          current.notAfter());
      return;
    }
    Duration remaining = Duration.between(now, current.notAfter());
    Duration delay = clamp(remaining.dividedBy(10));
    LOG.warn(
        "Cannot renew the client certificate ({}); retrying in {} s (it expires at {})",
        why,
        delay.toSeconds(),
        current.notAfter());
    schedule(delay);
  }

  private static Duration clamp(Duration delay) {
    if (delay.compareTo(MIN_RETRY) < 0) {
      return MIN_RETRY;
    }
    return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
  }

  private static String fingerprint(X509Certificate ca) {
    try {
      return io.airlock.protocol.enrollment.EnrollmentToken.fingerprint(ca.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("The stored CA certificate cannot be encoded", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
