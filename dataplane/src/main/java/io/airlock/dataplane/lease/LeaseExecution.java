package io.airlock.dataplane.lease;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.dataplane.sync.ErrorReports;
import io.airlock.dataplane.sync.JobProgress;
import io.airlock.dataplane.sync.JobRunner;
import io.airlock.dataplane.sync.RunOutcome;
import io.airlock.dataplane.transport.ControlPlaneClient;
import io.airlock.dataplane.transport.ControlPlaneException;
import io.airlock.protocol.lease.Checkpoint;
import io.airlock.protocol.lease.ErrorReport;
import io.airlock.protocol.lease.Heartbeat;
import io.airlock.protocol.lease.HeartbeatResponse;
import io.airlock.protocol.lease.JobOutcome;
import io.airlock.protocol.lease.JobResult;
import io.airlock.protocol.lease.Lease;
import io.airlock.protocol.lease.StreamProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one leased job: the job on a worker thread, while this thread heartbeats every third of the
 * lease duration with per-stream progress. A stale generation, a cancellation or an expired lease
 * stops the job (by interrupting it), and such a job is never reported as succeeded.
 */
final class LeaseExecution {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseExecution.class);
  private static final Duration MIN_INTERVAL = Duration.ofMillis(500);

  /** Heartbeats at least this often, so that a cancel reaches a running job within seconds. */
  private static final Duration MAX_INTERVAL = Duration.ofSeconds(5);

  private static final Duration WORKER_STOP_WAIT = Duration.ofSeconds(30);
  private static final int REPORT_ATTEMPTS = 5;

  /** How the lease ended. */
  enum Ending {
    /** The job ran to its end (successfully or not) and the result was sent. */
    COMPLETED,
    /** The control plane cancelled the job. */
    CANCELLED,
    /** The control plane said the lease generation is stale, or the lease expired. */
    LOST,
    /** This data plane is stopping. */
    STOPPED,
    /** This data plane was revoked. */
    REVOKED
  }

  private final ControlPlaneClient client;
  private final JobRunner runner;
  private final Clock clock;
  private final Lease lease;
  private final JobProgress progress = new JobProgress(this::saveCheckpoint);
  private Instant expiresAt;

  LeaseExecution(ControlPlaneClient client, JobRunner runner, Clock clock, Lease lease) {
    this.client = requireNonNull(client, "client is null");
    this.runner = requireNonNull(runner, "runner is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.lease = requireNonNull(lease, "lease is null");
    this.expiresAt = requireNonNull(lease.expiresAt(), "lease.expiresAt is null");
  }

  /** Runs the job to an ending; returns how it ended. The thread's interrupt means stop. */
  Ending run() {
    FutureTask<RunOutcome> task =
        new FutureTask<>(() -> runner.run(requireNonNull(lease.job(), "lease.job"), progress));
    Thread worker = worker(task);
    worker.start();
    Ending ending = supervise(task, worker);
    if (ending != Ending.COMPLETED) {
      stopWorker(worker);
      afterInterruption(ending);
    }
    return ending;
  }

  private Ending supervise(FutureTask<RunOutcome> task, Thread worker) {
    Duration interval = thirdOfRemaining();
    while (true) {
      try {
        RunOutcome outcome = task.get(interval.toMillis(), TimeUnit.MILLISECONDS);
        return finish(outcome);
      } catch (TimeoutException e) {
        Ending ending = heartbeat();
        if (ending != null) {
          return ending;
        }
        interval = thirdOfRemaining();
      } catch (ExecutionException e) {
        LOG.warn("Job failed with an internal error:\n{}", ErrorReports.forLog(e.getCause()));
        return finish(RunOutcome.failed(ErrorReports.of(e.getCause())));
      } catch (InterruptedException e) {
        return Ending.STOPPED;
      }
    }
  }

  /** Sends a heartbeat; returns an ending when the job must stop, else null. */
  private Ending heartbeat() {
    try {
      HeartbeatResponse response =
          client.heartbeat(lease.jobId(), new Heartbeat(lease.generation(), progress.snapshot()));
      if (response.expiresAt() != null) {
        expiresAt = response.expiresAt();
      }
      if (response.cancelled()) {
        LOG.info("Job {} was cancelled; stopping it", lease.jobId());
        return Ending.CANCELLED;
      }
      return null;
    } catch (ControlPlaneException e) {
      return heartbeatFailed(e);
    }
  }

  private Ending heartbeatFailed(ControlPlaneException e) {
    if (Thread.currentThread().isInterrupted()) {
      return Ending.STOPPED;
    }
    switch (e.reason()) {
      case STALE -> {
        LOG.warn("Lease of job {} is stale (another attempt owns it); stopping", lease.jobId());
        return Ending.LOST;
      }
      case REVOKED -> {
        LOG.error("{}", e.getMessage());
        return Ending.REVOKED;
      }
      default -> {
        if (!clock.instant().isBefore(expiresAt)) {
          LOG.warn(
              "Lease of job {} expired at {} without a successful heartbeat ({}); stopping",
              lease.jobId(),
              expiresAt,
              e.getMessage());
          return Ending.LOST;
        }
        LOG.warn("Heartbeat for job {} failed: {}; retrying", lease.jobId(), e.getMessage());
        return null;
      }
    }
  }

  private Ending finish(RunOutcome outcome) {
    List<StreamProgress> streams = progress.snapshot();
    LOG.info(
        "Job {} finished: {} ({} records in {} streams)",
        lease.jobId(),
        outcome.outcome(),
        streams.stream().mapToLong(StreamProgress::records).sum(),
        streams.size());
    if (outcome.error() != null) {
      LOG.warn(
          "Job {} error: {} {}", lease.jobId(), outcome.error().kind(), outcome.error().message());
    }
    report(
        new JobResult(
            lease.generation(),
            outcome.outcome(),
            streams,
            outcome.error(),
            progress.state(),
            progress.catalog(),
            progress.schemaChanges()));
    return Ending.COMPLETED;
  }

  /**
   * Saves the connection's state after a committed checkpoint, on the job's thread, so that a later
   * attempt resumes from it even if this one is killed. A stale lease stops the job; other failures
   * are logged and the state goes with the result instead.
   */
  private void saveCheckpoint(String encodedState) {
    try {
      client.checkpoint(lease.jobId(), new Checkpoint(lease.generation(), encodedState));
    } catch (ControlPlaneException e) {
      if (e.reason() == ControlPlaneException.Reason.STALE) {
        throw new ConnectorException(
            ConnectorException.Kind.INTERNAL,
            "The lease of job " + lease.jobId() + " is stale; another attempt owns the job");
      }
      LOG.warn("Cannot save a checkpoint of job {}: {}", lease.jobId(), e.getMessage());
    }
  }

  private void afterInterruption(Ending ending) {
    switch (ending) {
      case CANCELLED -> reportFailure(new ErrorReport("CANCELLED", "The job was cancelled", false));
      case STOPPED ->
          reportFailure(
              ErrorReports.stopped("The data plane was stopped while the job ran; retry it"));
      default -> LOG.warn("Job {} stopped without reporting a result ({})", lease.jobId(), ending);
    }
  }

  private void reportFailure(ErrorReport error) {
    LOG.info("Job {} finished: {} ({})", lease.jobId(), JobOutcome.FAILED, error.kind());
    boolean interrupted = Thread.interrupted();
    try {
      report(
          new JobResult(
              lease.generation(),
              JobOutcome.FAILED,
              progress.snapshot(),
              error,
              progress.state(),
              List.of(),
              progress.schemaChanges()));
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Sends the result, retrying transient failures a few times. */
  private void report(JobResult result) {
    Backoff backoff =
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), new java.util.Random());
    for (int attempt = 1; attempt <= REPORT_ATTEMPTS; attempt++) {
      try {
        client.report(lease.jobId(), result);
        return;
      } catch (ControlPlaneException e) {
        if (e.reason() == ControlPlaneException.Reason.STALE) {
          LOG.warn("The result of job {} was refused: the lease is stale", lease.jobId());
          return;
        }
        if (Thread.currentThread().isInterrupted()) {
          LOG.warn(
              "Stopped before the control plane acknowledged the result of job {}", lease.jobId());
          return;
        }
        if (!e.retriable() || attempt == REPORT_ATTEMPTS) {
          LOG.error("Cannot report the result of job {}: {}", lease.jobId(), e.getMessage());
          return;
        }
        if (!sleep(backoff.next())) {
          return;
        }
      }
    }
  }

  private Duration thirdOfRemaining() {
    Duration third = Duration.between(clock.instant(), expiresAt).dividedBy(3);
    if (third.compareTo(MAX_INTERVAL) > 0) {
      return MAX_INTERVAL;
    }
    return third.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : third;
  }

  private Thread worker(FutureTask<RunOutcome> task) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    Thread thread =
        new Thread(
            () -> {
              if (context != null) {
                MDC.setContextMap(context);
              }
              task.run();
            },
            "airlock-job-" + lease.jobId());
    thread.setDaemon(true);
    return thread;
  }

  private static void stopWorker(Thread worker) {
    worker.interrupt();
    boolean interrupted = Thread.interrupted();
    try {
      worker.join(WORKER_STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (worker.isAlive()) {
      LOG.warn("The job thread did not stop within {} s", WORKER_STOP_WAIT.toSeconds());
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
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
