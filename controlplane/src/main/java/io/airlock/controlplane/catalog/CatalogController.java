package io.airlock.controlplane.catalog;

import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.ErrorKind;
import io.airlock.controlplane.errors.Require;
import io.airlock.controlplane.tenancy.TenancyRepository;
import io.airlock.protocol.spec.ConnectorSpecs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /sources}, {@code /destinations} and {@code /connector-specs}. */
@RestController
@RequestMapping("/api/v1")
public class CatalogController {
  private final CatalogRepository repository;
  private final TenancyRepository tenancy;

  public CatalogController(CatalogRepository repository, TenancyRepository tenancy) {
    this.repository = repository;
    this.tenancy = tenancy;
  }

  @GetMapping("/connector-specs")
  List<ConnectorSpec> specs() {
    return ConnectorSpecs.TYPES.stream()
        .map(
            type -> {
              JsonNode spec = ConnectorSpecs.find(type).orElseThrow();
              return new ConnectorSpec(type, ConnectorSpecs.kind(spec), spec);
            })
        .toList();
  }

  @PostMapping("/sources")
  @ResponseStatus(HttpStatus.CREATED)
  ConfiguredConnector createSource(@RequestBody ConfiguredConnector.Create body) {
    return create(ConnectorKind.SOURCE, body);
  }

  @GetMapping("/sources")
  List<ConfiguredConnector> sources(@RequestParam(required = false) UUID workspaceId) {
    return repository.list(ConnectorKind.SOURCE, workspaceId);
  }

  @GetMapping("/sources/{id}")
  ConfiguredConnector source(@PathVariable UUID id) {
    return find(ConnectorKind.SOURCE, id);
  }

  @DeleteMapping("/sources/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deleteSource(@PathVariable UUID id) {
    delete(ConnectorKind.SOURCE, id);
  }

  @PostMapping("/destinations")
  @ResponseStatus(HttpStatus.CREATED)
  ConfiguredConnector createDestination(@RequestBody ConfiguredConnector.Create body) {
    return create(ConnectorKind.DESTINATION, body);
  }

  @GetMapping("/destinations")
  List<ConfiguredConnector> destinations(@RequestParam(required = false) UUID workspaceId) {
    return repository.list(ConnectorKind.DESTINATION, workspaceId);
  }

  @GetMapping("/destinations/{id}")
  ConfiguredConnector destination(@PathVariable UUID id) {
    return find(ConnectorKind.DESTINATION, id);
  }

  @DeleteMapping("/destinations/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deleteDestination(@PathVariable UUID id) {
    delete(ConnectorKind.DESTINATION, id);
  }

  private ConfiguredConnector create(ConnectorKind kind, ConfiguredConnector.Create body) {
    String name = Require.name(body.name(), "name");
    UUID workspaceId = Require.present(body.workspaceId(), "workspaceId");
    Map<String, Object> config = body.config() == null ? Map.of() : body.config();
    ConfigValidation.check(kind, body.type(), config);
    if (tenancy.workspace(workspaceId).isEmpty()) {
      throw Require.invalid("workspaceId", "names no existing workspace");
    }
    if (repository.nameTaken(kind, workspaceId, name)) {
      throw new ControlPlaneException(
          ErrorKind.CONFLICT,
          "A " + kind.specKind() + " of this name exists in the workspace; choose another");
    }
    var valid =
        new ConfiguredConnector.Create(workspaceId, name, body.type(), new LinkedHashMap<>(config));
    return repository.create(kind, valid);
  }

  private ConfiguredConnector find(ConnectorKind kind, UUID id) {
    return repository
        .get(kind, id)
        .orElseThrow(() -> ControlPlaneException.notFound(kind.noun(), id));
  }

  private void delete(ConnectorKind kind, UUID id) {
    find(kind, id);
    if (repository.usedByConnection(kind, id)) {
      throw new ControlPlaneException(
          ErrorKind.CONFLICT,
          kind.noun() + " " + id + " is used by a connection; delete the connection first");
    }
    repository.delete(kind, id);
  }
}
