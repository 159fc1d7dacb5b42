package io.airlock.dataplane;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.dataplane.enrollment.CertificateRenewer;
import io.airlock.dataplane.enrollment.Enrolled;
import io.airlock.dataplane.enrollment.Enrollment;
import io.airlock.dataplane.enrollment.WorkDir;
import io.airlock.dataplane.files.LocalPaths;
import io.airlock.dataplane.lease.LeaseLoop;
import io.airlock.dataplane.secrets.SchemeSecretResolver;
import io.airlock.dataplane.sync.SyncEngine;
import io.airlock.dataplane.sync.SyncJobRunner;
import io.airlock.dataplane.sync.SyncOptions;
import io.airlock.dataplane.transport.ControlPlaneClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running data plane. It only dials out: it enrolls (or reuses its enrollment), then long-polls
 * the control plane for jobs of its region over mutual TLS, runs them, and renews its certificate
 * at half its lifetime. It opens no listening socket.
 *
 * <pre>{@code
 * DataPlane dataPlane = DataPlane.start(settings); // enrolls if needed, returns once running
 * dataPlane.awaitTermination();                    // until stop(), SIGTERM, or revocation
 * }</pre>
 */
public final class DataPlane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataPlane.class);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(40);

  private final Enrolled enrolled;
  private final ControlPlaneClient client;
  private final CertificateRenewer renewer;
  private final LeaseLoop loop;
  private final Thread loopThread;
  private final Thread shutdownHook;

  private DataPlane(
      Enrolled enrolled, ControlPlaneClient client, CertificateRenewer renewer, LeaseLoop loop) {
    this.enrolled = enrolled;
    this.client = client;
    this.renewer = renewer;
    this.loop = loop;
    this.loopThread = new Thread(this::runLoop, "airlock-lease-loop");
    this.shutdownHook = new Thread(this::stopAndWait, "airlock-dataplane-shutdown");
  }

  /** Enrolls if needed, starts the lease loop and certificate renewal on own threads, returns. */
  public static DataPlane start(DataPlaneSettings settings) {
    return start(settings, ConnectorRegistry.builtIn());
  }

  /** Like {@link #start(DataPlaneSettings)}, running jobs with {@code connectors}. */
  public static DataPlane start(DataPlaneSettings settings, ConnectorRegistry connectors) {
    requireNonNull(settings, "settings is null");
    requireNonNull(connectors, "connectors is null");
    Clock clock = Clock.systemUTC();
    WorkDir workDir = new WorkDir(settings.workDir());
    Enrolled enrolled =
        new Enrollment(workDir, settings.proxy(), clock)
            .establish(settings.controlPlane(), settings.enrollmentToken());
    ControlPlaneClient client =
        new ControlPlaneClient(
            enrolled.identity().controlPlane(),
            enrolled.credentials().sslContext(),
            settings.proxy());
    CertificateRenewer renewer = new CertificateRenewer(client, workDir, enrolled, clock);
    SyncJobRunner runner =
        new SyncJobRunner(
            new SyncEngine(
                connectors,
                SyncOptions.of(settings.checkpointRecords()),
                LocalPaths.allowing(settings.allowedPaths(), List.of(settings.workDir()))),
            SchemeSecretResolver.standard(List.of(settings.workDir())));
    LeaseLoop loop =
        new LeaseLoop(
            client, runner, settings.pollWait(), enrolled.identity().dataPlaneId(), clock);
    DataPlane dataPlane = new DataPlane(enrolled, client, renewer, loop);
    dataPlane.begin();
    return dataPlane;
  }

  private void begin() {
    renewer.start();
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    loopThread.start();
    LOG.info(
        "Data plane {} of region {} running; taking jobs from {}",
        id(),
        region(),
        enrolled.identity().controlPlane());
  }

  public UUID id() {
    return enrolled.identity().dataPlaneId();
  }

  public String region() {
    return enrolled.identity().region();
  }

  /** Whether the lease loop still runs. */
  public boolean isRunning() {
    return loopThread.isAlive();
  }

  /** Why the data plane stopped on its own (for example revoked), if it did. */
  public Optional<String> failure() {
    return loop.fatalError();
  }

  /**
   * Stops taking jobs. A job that is running is interrupted, its writes aborted, and reported as
   * stopped so it can be retried. Returns at once; see {@link #awaitTermination()}.
   */
  public void stop() {
    loop.stop();
  }

  /** Waits until the data plane has stopped (after {@link #stop()}, SIGTERM, or revocation). */
  public void awaitTermination() throws InterruptedException {
    loopThread.join();
  }

  /** Waits at most {@code timeout}; returns whether the data plane has stopped. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    loopThread.join(timeout.toMillis());
    return !loopThread.isAlive();
  }

  /** {@link #stop()}, then waits (up to 40 s) for the data plane to stop. */
  @Override
  public void close() {
    stopAndWait();
  }

  private void runLoop() {
    try {
      loop.run();
    } finally {
      renewer.close();
      client.close();
      removeShutdownHook();
    }
  }

  private void stopAndWait() {
    stop();
    try {
      if (!awaitTermination(SHUTDOWN_WAIT)) {
        LOG.warn("Data plane did not stop within {} s", SHUTDOWN_WAIT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook is running or has run.
    }
  }
}
