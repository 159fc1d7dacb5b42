package io.airlock.controlplane.jobs;

import io.airlock.controlplane.catalog.CatalogRepository;
import io.airlock.controlplane.catalog.ConfiguredConnector;
import io.airlock.controlplane.catalog.ConnectorKind;
import io.airlock.controlplane.connections.Connection;
import io.airlock.controlplane.connections.ConnectionRepository;
import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.ErrorKind;
import io.airlock.protocol.job.ConnectorConfig;
import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.job.MapperConfig;
import io.airlock.protocol.job.StreamConfig;
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

  JobSpecs(ConnectionRepository connections, CatalogRepository catalog) {
    this.connections = connections;
    this.catalog = catalog;
  }

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
        connections.state(connectionId));
  }

  private ConfiguredConnector connector(ConnectorKind kind, UUID id) {
    return catalog.get(kind, id).orElseThrow(() -> missing(kind.name().toLowerCase(), id));
  }

  private static ControlPlaneException missing(String what, UUID id) {
    return new ControlPlaneException(
        ErrorKind.INTERNAL, "A queued job refers to a missing " + what + " " + id);
  }
}
