package io.airlock.controlplane.jobs;

import io.airlock.controlplane.catalog.CatalogRepository;
import io.airlock.controlplane.catalog.ConfiguredConnector;
import io.airlock.controlplane.catalog.ConnectorKind;
import io.airlock.controlplane.connections.Connection;
import io.airlock.controlplane.connections.ConnectionRepository;
import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.ErrorKind;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Manual triggers and cancellation. */
@Service
public class JobService {
  private static final Logger log = LoggerFactory.getLogger(JobService.class);

  private final JobRepository jobs;
  private final ConnectionRepository connections;
  private final CatalogRepository sources;
  private final JdbcClient jdbc;

  public JobService(
      JobRepository jobs,
      ConnectionRepository connections,
      CatalogRepository sources,
      JdbcClient jdbc) {
    this.jobs = jobs;
    this.connections = connections;
    this.sources = sources;
    this.jdbc = jdbc;
  }

  /**
   * Queues a discovery of the source, leased like a sync to a data plane of the source's workspace
   * region, unless one is already queued or running.
   */
  @Transactional
  public Job discover(UUID sourceId) {
    ConfiguredConnector source = requireSource(sourceId);
    jdbc.sql("select id from sources where id = ? for update").param(sourceId).query().singleRow();
    if (jobs.hasActiveDiscovery(sourceId)) {
      throw new ControlPlaneException(
          ErrorKind.CONFLICT,
          "Source " + sourceId + " already has a queued or running discovery; wait for it");
    }
    UUID id = jobs.enqueueDiscovery(sourceId, source.workspaceId());
    log.info("Job {} queued to discover source {}", id, sourceId);
    return jobs.get(id).orElseThrow();
  }

  /** The source, or 404. */
  public ConfiguredConnector requireSource(UUID sourceId) {
    return sources
        .get(ConnectorKind.SOURCE, sourceId)
        .orElseThrow(() -> ControlPlaneException.notFound("Source", sourceId));
  }

  /** Queues a manual sync of the connection, unless one is already queued or running. */
  @Transactional
  public Job trigger(UUID connectionId) {
    Connection connection =
        connections
            .get(connectionId)
            .orElseThrow(() -> ControlPlaneException.notFound("Connection", connectionId));
    jdbc.sql("select id from connections where id = ? for update")
        .param(connectionId)
        .query()
        .singleRow();
    if (jobs.hasActiveJob(connectionId)) {
      throw new ControlPlaneException(
          ErrorKind.CONFLICT,
          "Connection " + connectionId + " already has a queued or running job; wait for it");
    }
    UUID id = jobs.enqueue(connectionId, connection.workspaceId(), Job.Trigger.MANUAL);
    log.info("Job {} queued for connection {} (manual)", id, connectionId);
    return jobs.get(id).orElseThrow();
  }

  /**
   * Cancels a job: a queued one at once, a running one when its data plane next heartbeats or
   * reports.
   */
  @Transactional
  public Job cancel(UUID jobId) {
    Job job = jobs.get(jobId).orElseThrow(() -> ControlPlaneException.notFound("Job", jobId));
    switch (job.status()) {
      case QUEUED ->
          jdbc.sql("update jobs set status = 'CANCELLED', ended_at = now() where id = ?")
              .param(jobId)
              .update();
      case RUNNING ->
          jdbc.sql("update jobs set cancel_requested = true where id = ?").param(jobId).update();
      default ->
          throw new ControlPlaneException(
              ErrorKind.CONFLICT, "Job " + jobId + " already ended " + job.status());
    }
    log.info("Job {} cancellation requested", jobId);
    return jobs.get(jobId).orElseThrow();
  }
}
