package io.airlock.controlplane.connections;

import io.airlock.protocol.job.SyncMode;
import io.airlock.protocol.schema.SchemaChangePolicy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A source, a destination, the selected streams, the mappers between them, and an optional cron
 * schedule. Empty {@code streams} means every stream the source discovers, overwritten. {@code
 * schemaChanges} decides what a sync does when the source's schema changed since its stored
 * catalog.
 */
public record Connection(
    UUID id,
    UUID workspaceId,
    String name,
    UUID sourceId,
    UUID destinationId,
    List<Stream> streams,
    List<Mapper> mappers,
    String schedule,
    Status status,
    SchemaChangePolicy schemaChanges,
    Instant createdAt) {

  /** Whether schedules create jobs for the connection. */
  public enum Status {
    ACTIVE,
    PAUSED
  }

  /**
   * A selected stream; empty {@code columns} means every column. {@code cursorField} is the column
   * incremental modes follow, null for full refresh.
   */
  public record Stream(String name, SyncMode syncMode, List<String> columns, String cursorField) {}

  /** A mapper; for now only {@code hash}, keyed by the secret {@code keyRef} references. */
  public record Mapper(String type, String stream, List<String> columns, String keyRef) {}

  /** The body of {@code POST /connections}. */
  public record Create(
      UUID workspaceId,
      String name,
      UUID sourceId,
      UUID destinationId,
      List<Stream> streams,
      List<Mapper> mappers,
      String schedule,
      Status status,
      SchemaChangePolicy schemaChanges) {}
}
