package io.airlock.controlplane.tenancy;

import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.Require;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /organizations}, {@code /regions} and {@code /workspaces}. */
@RestController
@RequestMapping("/api/v1")
public class TenancyController {
  private final TenancyRepository repository;

  public TenancyController(TenancyRepository repository) {
    this.repository = repository;
  }

  @PostMapping("/organizations")
  @ResponseStatus(HttpStatus.CREATED)
  Organization createOrganization(@RequestBody Organization.Create body) {
    return repository.createOrganization(Require.name(body.name(), "name"));
  }

  @GetMapping("/organizations")
  List<Organization> organizations() {
    return repository.organizations();
  }

  @GetMapping("/organizations/{id}")
  Organization organization(@PathVariable UUID id) {
    return repository
        .organization(id)
        .orElseThrow(() -> ControlPlaneException.notFound("Organization", id));
  }

  @PostMapping("/regions")
  @ResponseStatus(HttpStatus.CREATED)
  Region createRegion(@RequestBody Region.Create body) {
    String name = Require.slug(body.name(), "name");
    UUID organizationId =
        body.organizationId() == null ? repository.defaultOrganizationId() : body.organizationId();
    if (repository.organization(organizationId).isEmpty()) {
      throw Require.invalid("organizationId", "names no existing organization");
    }
    return repository.createRegion(organizationId, name);
  }

  @GetMapping("/regions")
  List<Region> regions() {
    return repository.regions();
  }

  @GetMapping("/regions/{id}")
  Region region(@PathVariable UUID id) {
    return repository.region(id).orElseThrow(() -> ControlPlaneException.notFound("Region", id));
  }

  @PostMapping("/workspaces")
  @ResponseStatus(HttpStatus.CREATED)
  Workspace createWorkspace(@RequestBody Workspace.Create body) {
    String name = Require.name(body.name(), "name");
    UUID regionId = Require.present(body.regionId(), "regionId");
    Region region =
        repository
            .region(regionId)
            .orElseThrow(() -> Require.invalid("regionId", "names no existing region"));
    return repository.createWorkspace(region, name);
  }

  @GetMapping("/workspaces")
  List<Workspace> workspaces() {
    return repository.workspaces();
  }

  @GetMapping("/workspaces/{id}")
  Workspace workspace(@PathVariable UUID id) {
    return repository
        .workspace(id)
        .orElseThrow(() -> ControlPlaneException.notFound("Workspace", id));
  }
}
