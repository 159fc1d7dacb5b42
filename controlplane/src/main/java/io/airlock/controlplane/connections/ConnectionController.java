package io.airlock.controlplane.connections;

import io.airlock.controlplane.catalog.CatalogRepository;
import io.airlock.controlplane.catalog.ConfiguredConnector;
import io.airlock.controlplane.catalog.ConnectorKind;
import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.ErrorKind;
import io.airlock.controlplane.errors.Require;
import io.airlock.controlplane.tenancy.TenancyRepository;
import io.airlock.protocol.job.SyncMode;
import io.airlock.protocol.schema.SchemaChangePolicy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /connections}. Manual triggers live with the jobs. */
@RestController
@RequestMapping("/api/v1/connections")
public class ConnectionController {
  private static final Logger log = LoggerFactory.getLogger(ConnectionController.class);

  private final ConnectionRepository repository;
  private final CatalogRepository catalog;
  private final TenancyRepository tenancy;
  private final JsonMapper json;

  public ConnectionController(
      ConnectionRepository repository,
      CatalogRepository catalog,
      TenancyRepository tenancy,
      JsonMapper json) {
    this.repository = repository;
    this.catalog = catalog;
    this.tenancy = tenancy;
    this.json = json;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Connection create(@RequestBody Connection.Create body) {
    Connection.Create normalized = normalize(body);
    ConnectionValidation.check(normalized);
    requireSameWorkspace(normalized);
    if (repository.nameTaken(normalized.workspaceId(), normalized.name())) {
      throw new ControlPlaneException(
          ErrorKind.CONFLICT, "A connection of this name exists in the workspace; choose another");
    }
    Instant nextRun =
        normalized.schedule() == null
            ? null
            : CronSchedule.parse(normalized.schedule()).next(Instant.now());
    return repository.create(normalized, nextRun);
  }

  @GetMapping
  List<Connection> list(@RequestParam(required = false) UUID workspaceId) {
    return repository.list(workspaceId);
  }

  @GetMapping("/{id}")
  Connection get(@PathVariable UUID id) {
    return find(id);
  }

  /**
   * Changes the streams, schedule, status or schema-change policy (a JSON merge patch). Setting
   * status ACTIVE resumes a connection a schema change paused; the next scheduled run counts from
   * now.
   */
  @PatchMapping(
      value = "/{id}",
      consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
  Connection update(@PathVariable UUID id, @RequestBody JsonNode body) {
    Connection current = find(id);
    ConnectionPatch patch = ConnectionPatch.apply(current, body, json);
    ConnectionValidation.check(patch.merged());

    Instant nextRun = null;
    boolean reschedule = patch.reschedules(current);
    if (reschedule && patch.merged().schedule() != null) {
      nextRun = CronSchedule.parse(patch.merged().schedule()).next(Instant.now());
    }
    Connection updated = repository.update(id, patch.merged(), reschedule, nextRun);

    log.info("Connection {} updated: {}", id, String.join(", ", patch.changed()));
    return updated;
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable UUID id) {
    find(id);
    if (repository.hasActiveJobs(id)) {
      throw new ControlPlaneException(
          ErrorKind.CONFLICT,
          "Connection " + id + " has a queued or running job; cancel it, then delete");
    }
    repository.delete(id);
  }

  private Connection find(UUID id) {
    return repository.get(id).orElseThrow(() -> ControlPlaneException.notFound("Connection", id));
  }

  private static Connection.Create normalize(Connection.Create body) {
    List<Connection.Stream> streams = normalizeStreams(body.streams());
    String schedule =
        body.schedule() == null || body.schedule().isBlank() ? null : body.schedule().strip();
    return new Connection.Create(
        Require.present(body.workspaceId(), "workspaceId"),
        Require.name(body.name(), "name"),
        Require.present(body.sourceId(), "sourceId"),
        Require.present(body.destinationId(), "destinationId"),
        streams,
        body.mappers() == null ? List.of() : body.mappers(),
        schedule,
        body.status() == null ? Connection.Status.ACTIVE : body.status(),
        body.schemaChanges() == null ? SchemaChangePolicy.PROPAGATE : body.schemaChanges());
  }

  /** Streams with their defaults: overwrite, every column, no blank cursor. */
  static List<Connection.Stream> normalizeStreams(List<Connection.Stream> streams) {
    return streams == null
        ? List.of()
        : streams.stream()
            .map(
                s ->
                    s == null
                        ? null
                        : new Connection.Stream(
                            s.name(),
                            s.syncMode() == null ? SyncMode.FULL_REFRESH_OVERWRITE : s.syncMode(),
                            s.columns() == null ? List.of() : s.columns(),
                            s.cursorField() == null || s.cursorField().isBlank()
                                ? null
                                : s.cursorField().strip()))
            .toList();
  }

  private void requireSameWorkspace(Connection.Create body) {
    if (tenancy.workspace(body.workspaceId()).isEmpty()) {
      throw Require.invalid("workspaceId", "names no existing workspace");
    }
    ConfiguredConnector source =
        catalog
            .get(ConnectorKind.SOURCE, body.sourceId())
            .orElseThrow(() -> Require.invalid("sourceId", "names no existing source"));
    ConfiguredConnector destination =
        catalog
            .get(ConnectorKind.DESTINATION, body.destinationId())
            .orElseThrow(() -> Require.invalid("destinationId", "names no existing destination"));
    if (!source.workspaceId().equals(body.workspaceId())) {
      throw Require.invalid("sourceId", "names a source of another workspace");
    }
    if (!destination.workspaceId().equals(body.workspaceId())) {
      throw Require.invalid("destinationId", "names a destination of another workspace");
    }
  }
}
