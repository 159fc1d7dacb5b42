package io.airlock.protocol.job;

import static java.util.Objects.requireNonNull;

import io.airlock.protocol.schema.CatalogStream;
import io.airlock.protocol.schema.SchemaChangePolicy;
import java.util.List;
import java.util.UUID;

/**
 * Everything a data plane needs to run one job. It carries secret references, never secret values.
 *
 * @param streams selected streams; empty means every stream the source discovers, written with
 *     {@link SyncMode#FULL_REFRESH_OVERWRITE}
 * @param state opaque state from the last committed checkpoint (base64), or null
 * @param catalog the source's stored catalog of the selected streams, which a sync compares with
 *     what the source discovers now; empty when never discovered
 * @param schemaChanges what a sync does when the schema changed; {@code PROPAGATE} when null
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
    String state,
    List<CatalogStream> catalog,
    SchemaChangePolicy schemaChanges) {
  public JobSpec {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(kind, "kind is null");
    streams = streams == null ? List.of() : List.copyOf(streams);
    mappers = mappers == null ? List.of() : List.copyOf(mappers);
    catalog = catalog == null ? List.of() : List.copyOf(catalog);
    schemaChanges = schemaChanges == null ? SchemaChangePolicy.PROPAGATE : schemaChanges;
  }

  /** A job without a stored catalog, propagating schema changes. */
  public JobSpec(
      UUID jobId,
      JobKind kind,
      UUID connectionId,
      UUID workspaceId,
      ConnectorConfig source,
      ConnectorConfig destination,
      List<StreamConfig> streams,
      List<MapperConfig> mappers,
      String state) {
    this(
        jobId,
        kind,
        connectionId,
        workspaceId,
        source,
        destination,
        streams,
        mappers,
        state,
        List.of(),
        SchemaChangePolicy.PROPAGATE);
  }
}
