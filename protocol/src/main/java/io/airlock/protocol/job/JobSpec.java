package io.airlock.protocol.job;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

/**
 * Everything a data plane needs to run one job. It carries secret references, never secret values.
 *
 * @param streams selected streams; empty means every stream the source discovers, written with
 *     {@link SyncMode#FULL_REFRESH_OVERWRITE}
 * @param state opaque state from the last committed checkpoint (base64), or null
 */
public record JobSpec(
    UUID jobId,
    JobKind kind,
    UUID connectionId,
    UUID workspaceId,
    ConnectorConfig source,
    ConnectorConfig destination,
    List<StreamConfig> streams,
    List<MapperConfig> mappers,
    String state) {
  public JobSpec {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(kind, "kind is null");
    streams = streams == null ? List.of() : List.copyOf(streams);
    mappers = mappers == null ? List.of() : List.copyOf(mappers);
  }
}
