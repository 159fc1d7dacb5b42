package io.airlock.controlplane.schema;

import io.airlock.protocol.schema.CatalogStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The last catalog stored for a source: metadata of its streams, never a value.
 *
 * @param jobId the DISCOVER or SYNC job that reported it; null when that job was deleted
 */
public record SourceCatalog(
    UUID sourceId, UUID jobId, Instant updatedAt, List<CatalogStream> streams) {}
