package io.airlock.controlplane.jobs;

import static io.airlock.controlplane.database.Columns.instant;
import static io.airlock.controlplane.database.Columns.uuid;

import io.airlock.controlplane.ControlPlaneSettings;
import io.airlock.controlplane.auth.DataPlaneIdentity;
import io.airlock.controlplane.connections.Connection;
import io.airlock.controlplane.connections.ConnectionRepository;
import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.ErrorKind;
import io.airlock.controlplane.errors.FieldError;
import io.airlock.controlplane.schema.SourceCatalogRepository;
import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.lease.Checkpoint;
import io.airlock.protocol.lease.Heartbeat;
import io.airlock.protocol.lease.HeartbeatResponse;
import io.airlock.protocol.lease.JobOutcome;
import io.airlock.protocol.lease.JobResult;
import io.airlock.protocol.lease.Lease;
import io.airlock.protocol.schema.SchemaChangePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Leases of queued jobs to data planes of the job's region, fenced by a generation number. Every
 * lease change bumps the generation; a report under an older one, or after the lease lapsed, is
 * refused with 409.
 */
@Service
public class LeaseService implements ApplicationListener<ContextClosedEvent> {
  static final int MAX_WAIT_SECONDS = 30;

  private static final Logger log = LoggerFactory.getLogger(LeaseService.class);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final JobRepository jobs;
  private final JobSpecs specs;
  private final ConnectionRepository connections;
  private final SourceCatalogRepository sourceCatalogs;
  private final Duration leaseDuration;
  private volatile boolean closing;

  public LeaseService(
      JdbcClient jdbc,
      PlatformTransactionManager transactionManager,
      JobRepository jobs,
      JobSpecs specs,
      ConnectionRepository connections,
      SourceCatalogRepository sourceCatalogs,
      ControlPlaneSettings settings) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(transactionManager);
    this.jobs = jobs;
    this.specs = specs;
    this.connections = connections;
    this.sourceCatalogs = sourceCatalogs;
    this.leaseDuration = settings.leaseDuration();
  }

  /**
   * Leases the oldest queued job of the caller's region, waiting up to {@code waitSeconds} (at most
   * 30) for one to come.
   */
  public Optional<Lease> lease(DataPlaneIdentity caller, int waitSeconds) {
    if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
      throw ControlPlaneException.invalid(
          "Invalid waitSeconds: use 0 to " + MAX_WAIT_SECONDS,
          List.of(new FieldError("waitSeconds", "Must be between 0 and " + MAX_WAIT_SECONDS)));
    }
    Instant deadline = Instant.now().plusSeconds(waitSeconds);
    while (true) {
      Optional<Lease> lease = transactions.execute(status -> claim(caller));
      if (lease.isPresent() || closing || !Instant.now().isBefore(deadline)) {
        return lease;
      }
      pause();
    }
  }

  /** Ends long polls early when the control plane stops, before its database pool closes. */
  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    closing = true;
  }

  private Optional<Lease> claim(DataPlaneIdentity caller) {
    Optional<Claimed> claimed =
        jdbc.sql(
                "with next as (select j.id from jobs j join workspaces w on w.id = j.workspace_id"
                    + " where j.status = 'QUEUED' and w.region_id = ?"
                    + " and exists (select 1 from data_planes d"
                    + " where d.id = ? and d.status = 'ACTIVE')"
                    + " order by j.created_at limit 1 for update of j skip locked)"
                    + " update jobs set status = 'RUNNING', attempt_count = attempt_count + 1,"
                    + " generation = generation + 1, data_plane_id = ?,"
                    + " lease_expires_at = now() + make_interval(secs => ?),"
                    + " started_at = coalesce(started_at, now())"
                    + " from next where jobs.id = next.id"
                    + " returning jobs.id, jobs.connection_id, jobs.source_id, jobs.kind,"
                    + " jobs.attempt_count, jobs.generation, jobs.lease_expires_at")
            .params(
                caller.regionId(),
                caller.dataPlaneId(),
                caller.dataPlaneId(),
                seconds(leaseDuration))
            .query(
                (row, n) ->
                    new Claimed(
                        uuid(row, "id"),
                        uuid(row, "connection_id"),
                        uuid(row, "source_id"),
                        row.getString("kind"),
                        row.getInt("attempt_count"),
                        row.getLong("generation"),
                        instant(row, "lease_expires_at")))
            .optional();
    return claimed.map(job -> start(job, caller));
  }

  private Lease start(Claimed job, DataPlaneIdentity caller) {
    jdbc.sql(
            "insert into job_attempts (job_id, number, data_plane_id, status)"
                + " values (?, ?, ?, 'RUNNING')")
        .params(job.id(), job.attempt(), caller.dataPlaneId())
        .update();
    Lease lease =
        new Lease(
            job.id(),
            job.attempt(),
            job.generation(),
            job.expiresAt(),
            job.discovery()
                ? specs.discovery(job.id(), job.sourceId())
                : specs.build(job.id(), job.connectionId()));
    log.info(
        "Job {} leased to data plane {} (attempt {})",
        job.id(),
        caller.dataPlaneId(),
        job.attempt());
    return lease;
  }

  /** Extends the caller's lease and stores progress; 409 when the lease is no longer held. */
  public HeartbeatResponse heartbeat(DataPlaneIdentity caller, UUID jobId, Heartbeat heartbeat) {
    requireBody(heartbeat);
    return transactions.execute(
        status -> {
          Optional<HeartbeatResponse> extended =
              jdbc.sql(
                      "update jobs set lease_expires_at = now() + make_interval(secs => ?)"
                          + " where id = ? and generation = ? and data_plane_id = ?"
                          + " and status = 'RUNNING' and lease_expires_at > now()"
                          + " returning lease_expires_at, cancel_requested")
                  .params(
                      seconds(leaseDuration), jobId, heartbeat.generation(), caller.dataPlaneId())
                  .query(
                      (row, n) ->
                          new HeartbeatResponse(
                              instant(row, "lease_expires_at"), row.getBoolean("cancel_requested")))
                  .optional();
          HeartbeatResponse response = extended.orElseThrow(() -> stale(jobId));
          jobs.saveProgress(jobId, heartbeat.streams());
          return response;
        });
  }

  /**
   * Stores the connection's state after a checkpoint of the caller's attempt; 409 when the lease is
   * no longer held, so that a stale attempt can never move the state.
   */
  public void checkpoint(DataPlaneIdentity caller, UUID jobId, Checkpoint checkpoint) {
    requireBody(checkpoint);
    if (checkpoint.state() == null) {
      throw ControlPlaneException.invalid(
          "Invalid checkpoint: state is required",
          List.of(new FieldError("state", "Must be base64 of the encrypted state")));
    }
    byte[] state = decodeState(checkpoint.state());
    transactions.executeWithoutResult(
        status -> {
          UUID connectionId =
              jdbc.sql(
                      "select connection_id from jobs"
                          + " where id = ? and generation = ? and data_plane_id = ?"
                          + " and status = 'RUNNING' and lease_expires_at > now() for update")
                  .params(jobId, checkpoint.generation(), caller.dataPlaneId())
                  .query((row, n) -> uuid(row, "connection_id"))
                  .optional()
                  .orElseThrow(() -> stale(jobId));
          connections.saveState(connectionId, state);
        });
    log.debug("Job {} saved a checkpoint", jobId);
  }

  /** Records the final result of the caller's attempt; 409 when the lease is no longer held. */
  public void complete(DataPlaneIdentity caller, UUID jobId, JobResult result) {
    requireBody(result);
    if (result.outcome() == null) {
      throw ControlPlaneException.invalid(
          "Invalid result: outcome is required",
          List.of(new FieldError("outcome", "Must be SUCCEEDED or FAILED")));
    }
    byte[] state = decodeState(result.state());
    transactions.executeWithoutResult(status -> finish(caller, jobId, result, state));
  }

  private void finish(DataPlaneIdentity caller, UUID jobId, JobResult result, byte[] state) {
    Held held =
        jdbc.sql(
                "select connection_id, source_id, kind, attempt_count, cancel_requested from jobs"
                    + " where id = ? and generation = ? and data_plane_id = ?"
                    + " and status = 'RUNNING' and lease_expires_at > now() for update")
            .params(jobId, result.generation(), caller.dataPlaneId())
            .query(
                (row, n) ->
                    new Held(
                        uuid(row, "connection_id"),
                        uuid(row, "source_id"),
                        row.getString("kind"),
                        row.getInt("attempt_count"),
                        row.getBoolean("cancel_requested")))
            .optional()
            .orElseThrow(() -> stale(jobId));
    String outcome = outcome(jobId, held, result.outcome());
    jdbc.sql("update jobs set status = ?, ended_at = now(), lease_expires_at = null where id = ?")
        .params(outcome, jobId)
        .update();
    jobs.endAttempt(jobId, held.attempt(), outcome, result.error());
    jobs.saveProgress(jobId, result.streams());
    if (state != null && held.connectionId() != null) {
      connections.saveState(held.connectionId(), state);
    }
    if (JobKind.DISCOVER.name().equals(held.kind())) {
      finishDiscovery(jobId, held, outcome, result);
    } else {
      finishSchemaCheck(jobId, held, outcome, result);
    }
    log.info("Job {} finished {}", jobId, outcome);
  }

  /** Stores the catalog a successful discovery reported, replacing the source's old one. */
  private void finishDiscovery(UUID jobId, Held held, String outcome, JobResult result) {
    if (!"SUCCEEDED".equals(outcome) || held.sourceId() == null) {
      return;
    }
    sourceCatalogs.replace(held.sourceId(), jobId, result.catalog());
    log.info(
        "Job {} stored the catalog of source {} ({} streams)",
        jobId,
        held.sourceId(),
        result.catalog().size());
  }

  /**
   * Stores the schema changes a sync found. A successful sync's catalog becomes the stored one for
   * its streams; a sync failed on changes under the PAUSE policy pauses its connection.
   */
  private void finishSchemaCheck(UUID jobId, Held held, String outcome, JobResult result) {
    if (!result.schemaChanges().isEmpty()) {
      jobs.saveSchemaChanges(jobId, result.schemaChanges());
    }
    Connection connection = connections.get(held.connectionId()).orElse(null);
    if (connection == null) {
      return;
    }
    if ("SUCCEEDED".equals(outcome) && !result.catalog().isEmpty()) {
      sourceCatalogs.merge(connection.sourceId(), jobId, result.catalog());
    }
    boolean pause =
        "FAILED".equals(outcome)
            && !result.schemaChanges().isEmpty()
            && connection.schemaChanges() == SchemaChangePolicy.PAUSE;
    if (pause) {
      connections.pause(connection.id());
      log.info(
          "Connection {} paused: job {} found {} schema changes",
          connection.id(),
          jobId,
          result.schemaChanges().size());
    }
  }

  /**
   * A job whose data plane committed it stays SUCCEEDED even when a cancel came too late to stop
   * it: reporting it cancelled would hide data that is in the destination.
   */
  private static String outcome(UUID jobId, Held held, JobOutcome reported) {
    if (reported == JobOutcome.SUCCEEDED) {
      if (held.cancelRequested()) {
        log.info("Job {} finished before its cancellation reached the data plane", jobId);
      }
      return "SUCCEEDED";
    }
    return held.cancelRequested() ? "CANCELLED" : "FAILED";
  }

  private static byte[] decodeState(String state) {
    if (state == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(state);
    } catch (IllegalArgumentException e) {
      throw ControlPlaneException.invalid(
          "Invalid result: state is not base64",
          List.of(new FieldError("state", "Must be base64 of the encrypted state")));
    }
  }

  private static void requireBody(Object body) {
    if (body == null) {
      throw ControlPlaneException.invalid("The request body is required", List.of());
    }
  }

  private static ControlPlaneException stale(UUID jobId) {
    return new ControlPlaneException(
        ErrorKind.CONFLICT,
        "The lease of job "
            + jobId
            + " is not held under this generation (it expired or was taken again);"
            + " stop working on it");
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_INTERVAL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlPlaneException(ErrorKind.INTERNAL, "Interrupted while waiting for a job", e);
    }
  }

  private record Claimed(
      UUID id,
      UUID connectionId,
      UUID sourceId,
      String kind,
      int attempt,
      long generation,
      Instant expiresAt) {
    boolean discovery() {
      return JobKind.DISCOVER.name().equals(kind);
    }
  }

  private record Held(
      UUID connectionId, UUID sourceId, String kind, int attempt, boolean cancelRequested) {}
}
