package io.airlock.dataplane.lease;

import static java.util.Objects.requireNonNull;

import io.airlock.dataplane.sync.JobRunner;
import io.airlock.dataplane.transport.ControlPlaneClient;
import io.airlock.dataplane.transport.ControlPlaneException;
import io.airlock.protocol.lease.Lease;
import io.airlock.protocol.lease.LeaseRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The data plane's main loop: long-poll the control plane for a lease, run the leased job, repeat.
 * Transient errors are retried with jittered exponential backoff. It ends when {@link #stop()} is
 * called (or its thread is interrupted), or on a fatal error such as a revoked data plane.
 */
public final class LeaseLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseLoop.class);

  private final ControlPlaneClient client;
  private final JobRunner runner;
  private final Duration pollWait;
  private final UUID dataPlaneId;
  private final Clock clock;
  private final Backoff backoff =
      new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), new Random());
  private volatile boolean running = true;
  private volatile Thread thread;
  private volatile String fatalError;

  public LeaseLoop(
      ControlPlaneClient client,
      JobRunner runner,
      Duration pollWait,
      UUID dataPlaneId,
      Clock clock) {
    this.client = requireNonNull(client, "client is null");
    this.runner = requireNonNull(runner, "runner is null");
    this.pollWait = requireNonNull(pollWait, "pollWait is null");
    this.dataPlaneId = requireNonNull(dataPlaneId, "dataPlaneId is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    try (var ignored = MDC.putCloseable("dataPlaneId", dataPlaneId.toString())) {
      while (running && !Thread.currentThread().isInterrupted()) {
        if (!pollOnce()) {
          break;
        }
      }
    }
    LOG.info("Lease loop stopped");
  }

  /** Asks the loop to end; a running job is stopped and reported as not finished. */
  public void stop() {
    running = false;
    Thread current = thread;
    if (current != null) {
      current.interrupt();
    }
  }

  /** Why the loop ended on its own (for example a revoked data plane), if it did. */
  public Optional<String> fatalError() {
    return Optional.ofNullable(fatalError);
  }

  /** One long-poll and, if a lease came, its job; false when the loop must end. */
  private boolean pollOnce() {
    Optional<Lease> lease;
    try {
      lease = client.lease(new LeaseRequest((int) pollWait.toSeconds()));
    } catch (ControlPlaneException e) {
      return handlePollFailure(e);
    }
    backoff.reset();
    return lease.map(this::execute).orElse(true);
  }

  private boolean execute(Lease lease) {
    try (var ignored = MDC.putCloseable("jobId", String.valueOf(lease.jobId()))) {
      LOG.info(
          "Lease taken: job {} (attempt {}, generation {})",
          lease.jobId(),
          lease.attempt(),
          lease.generation());
      LeaseExecution.Ending ending = new LeaseExecution(client, runner, clock, lease).run();
      if (ending == LeaseExecution.Ending.REVOKED) {
        fatalError = ControlPlaneException.REVOKED_MESSAGE;
        return false;
      }
      return ending != LeaseExecution.Ending.STOPPED;
    }
  }

  private boolean handlePollFailure(ControlPlaneException e) {
    if (!running || Thread.currentThread().isInterrupted()) {
      return false;
    }
    switch (e.reason()) {
      case REVOKED, UNAUTHORIZED -> {
        fatalError = e.getMessage();
        LOG.error("Stopping: {}", e.getMessage());
        return false;
      }
      default -> {
        Duration delay = backoff.next();
        LOG.warn("{}; retrying in {} ms", e.getMessage(), delay.toMillis());
        return sleep(delay);
      }
    }
  }

  private static boolean sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
