package io.airlock.controlplane.jobs;

import io.airlock.controlplane.catalog.CatalogRepository;
import io.airlock.controlplane.catalog.ConfiguredConnector;
import io.airlock.controlplane.catalog.ConnectorKind;
import io.airlock.controlplane.connections.Connection;
import io.airlock.controlplane.connections.ConnectionRepository;
import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.ErrorKind;
import io.airlock.controlplane.schema.SourceCatalog;
import io.airlock.controlplane.schema.SourceCatalogRepository;
import io.airlock.protocol.job.ConnectorConfig;
import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.job.MapperConfig;
import io.airlock.protocol.job.StreamConfig;
import io.airlock.protocol.schema.CatalogStream;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Builds the {@link JobSpec} a lease carries from the connection, source and destination rows.
 * Configurations hold secret references only, as validated when they were created.
 */
@Component
class JobSpecs {
  private final ConnectionRepository connections;
  private final CatalogRepository catalog;
  private final SourceCatalogRepository sourceCatalogs;

  JobSpecs(
      ConnectionRepository connections,
      CatalogRepository catalog,
      SourceCatalogRepository sourceCatalogs) {
    this.connections = connections;
    this.catalog = catalog;
    this.sourceCatalogs = sourceCatalogs;
  }

  /** The spec of a DISCOVER job: the source only. */
  JobSpec discovery(UUID jobId, UUID sourceId) {
    ConfiguredConnector source = connector(ConnectorKind.SOURCE, sourceId);
    return new JobSpec(
        jobId,
        JobKind.DISCOVER,
        null,
        source.workspaceId(),
        new ConnectorConfig(source.type(), source.config()),
        null,
        List.of(),
        List.of(),
        null);
  }

  /** The spec of a SYNC job, with the stored catalog of its selected streams. */
  JobSpec build(UUID jobId, UUID connectionId) {
    Connection connection =
        connections.get(connectionId).orElseThrow(() -> missing("connection", connectionId));
    ConfiguredConnector source = connector(ConnectorKind.SOURCE, connection.sourceId());
    ConfiguredConnector destination =
        connector(ConnectorKind.DESTINATION, connection.destinationId());
    return new JobSpec(
        jobId,
        JobKind.SYNC,
        connection.id(),
        connection.workspaceId(),
        new ConnectorConfig(source.type(), source.config()),
        new ConnectorConfig(destination.type(), destination.config()),
        connection.streams().stream()
            .map(s -> new StreamConfig(s.name(), s.syncMode(), s.columns(), s.cursorField()))
            .toList(),
        connection.mappers().stream()
            .map(m -> new MapperConfig(m.type(), m.stream(), m.columns(), m.keyRef()))
            .toList(),
        connections.state(connectionId),
        storedCatalog(connection),
        connection.schemaChanges());
  }

  /** The stored catalog's entries of the selected streams (all of them when none is selected). */
  private List<CatalogStream> storedCatalog(Connection connection) {
    List<CatalogStream> stored =
        sourceCatalogs.get(connection.sourceId()).map(SourceCatalog::streams).orElse(List.of());
    if (connection.streams().isEmpty()) {
      return stored;
    }
    return stored.stream()
        .filter(
            stream ->
                connection.streams().stream()
                    .anyMatch(
                        selected ->
                            selected.name().equals(stream.name())
                                || selected.name().equals(stream.qualifiedName())))
        .toList();
  }

  private ConfiguredConnector connector(ConnectorKind kind, UUID id) {
    return catalog.get(kind, id).orElseThrow(() -> missing(kind.name().toLowerCase(), id));
  }

  private static ControlPlaneException missing(String what, UUID id) {
    return new ControlPlaneException(
        ErrorKind.INTERNAL, "A queued job refers to a missing " + what + " " + id);
  }
}
