package io.airlock.dataplane.schema;

import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.job.StreamConfig;
import io.airlock.protocol.schema.CatalogStream;
import io.airlock.protocol.schema.SchemaChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the start of a sync, compares what the source discovers for the selected streams with the
 * catalog the control plane sent (the last stored one). A stream without a stored entry has nothing
 * to compare with (its first sync); a selected stream the source no longer offers is left to the
 * stream planner, which fails the job naming it.
 */
public final class SchemaCheck {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaCheck.class);

  /**
   * What the check found.
   *
   * @param streams the selected streams as discovered now, for the control plane to store
   * @param changes the differences from the stored catalog
   */
  public record Result(List<CatalogStream> streams, List<SchemaChange> changes) {}

  private SchemaCheck() {}

  public static Result run(JobSpec job, List<StreamDescriptor> discovered) {
    List<CatalogStream> streams = new ArrayList<>();
    List<SchemaChange> changes = new ArrayList<>();
    for (StreamConfig config : selected(job, discovered)) {
      Optional<StreamDescriptor> found = find(config.name(), discovered);
      if (found.isEmpty()) {
        continue;
      }
      streams.add(CatalogMapping.stream(found.get()));
      stored(job.catalog(), found.get())
          .ifPresent(old -> changes.addAll(SchemaDiff.between(old, found.get(), config.columns())));
    }
    if (!changes.isEmpty()) {
      LOG.info(
          "Schema changed since the stored catalog: {} changes in {} streams (policy {})",
          changes.size(),
          changes.stream().map(SchemaChange::stream).distinct().count(),
          job.schemaChanges());
    }
    return new Result(streams, changes);
  }

  private static List<StreamConfig> selected(JobSpec job, List<StreamDescriptor> discovered) {
    if (!job.streams().isEmpty()) {
      return job.streams();
    }
    return discovered.stream()
        .map(stream -> new StreamConfig(stream.qualifiedName(), null, List.of()))
        .toList();
  }

  private static Optional<StreamDescriptor> find(String name, List<StreamDescriptor> discovered) {
    return discovered.stream()
        .filter(stream -> stream.name().equals(name))
        .findFirst()
        .or(() -> discovered.stream().filter(stream -> stream.isNamed(name)).findFirst());
  }

  private static Optional<CatalogStream> stored(List<CatalogStream> catalog, StreamDescriptor now) {
    return catalog.stream()
        .filter(
            old ->
                old.name().equals(now.name()) && Objects.equals(old.namespace(), now.namespace()))
        .findFirst();
  }
}
