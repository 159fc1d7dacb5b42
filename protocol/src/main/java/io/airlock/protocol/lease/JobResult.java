package io.airlock.protocol.lease;

import io.airlock.protocol.schema.CatalogStream;
import io.airlock.protocol.schema.SchemaChange;
import java.util.List;

/**
 * The final report of one attempt.
 *
 * @param state opaque state after the last committed checkpoint (base64), or null
 * @param catalog what the source discovered: every stream for a DISCOVER job, the synced streams
 *     for a SYNC job; metadata only
 * @param schemaChanges the differences a SYNC job found between the stored catalog and the source
 */
public record JobResult(
    long generation,
    JobOutcome outcome,
    List<StreamProgress> streams,
    ErrorReport error,
    String state,
    List<CatalogStream> catalog,
    List<SchemaChange> schemaChanges) {
  public JobResult {
    streams = streams == null ? List.of() : List.copyOf(streams);
    catalog = catalog == null ? List.of() : List.copyOf(catalog);
    schemaChanges = schemaChanges == null ? List.of() : List.copyOf(schemaChanges);
  }

  /** A result without catalog or schema changes. */
  public JobResult(
      long generation,
      JobOutcome outcome,
      List<StreamProgress> streams,
      ErrorReport error,
      String state) {
    this(generation, outcome, streams, error, state, List.of(), List.of());
  }
}
