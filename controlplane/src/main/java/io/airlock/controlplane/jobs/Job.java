package io.airlock.controlplane.jobs;

import io.airlock.protocol.lease.ErrorReport;
import io.airlock.protocol.lease.StreamProgress;
import io.airlock.protocol.schema.SchemaChange;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One run of a connection (SYNC) or a discovery of a source (DISCOVER), its attempts, its
 * per-stream counts and the schema changes a sync found.
 *
 * @param connectionId null for DISCOVER jobs
 * @param sourceId the source a DISCOVER job reads; null for SYNC jobs
 */
public record Job(
    UUID id,
    UUID connectionId,
    UUID sourceId,
    UUID workspaceId,
    String kind,
    Trigger trigger,
    Status status,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    List<Attempt> attempts,
    List<StreamProgress> streams,
    List<SchemaChange> schemaChanges) {

  /** What created the job. */
  public enum Trigger {
    MANUAL,
    SCHEDULE
  }

  /** QUEUED and RUNNING are active; the others are final. */
  public enum Status {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED
  }

  /** One lease of the job by a data plane. {@code error} is scrubbed and may be null. */
  public record Attempt(
      int number,
      UUID dataPlaneId,
      String status,
      Instant startedAt,
      Instant endedAt,
      ErrorReport error) {}
}
