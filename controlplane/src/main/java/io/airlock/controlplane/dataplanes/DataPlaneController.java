package io.airlock.controlplane.dataplanes;

import io.airlock.controlplane.auth.DataPlaneIdentity;
import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.ErrorKind;
import io.airlock.controlplane.errors.Require;
import io.airlock.controlplane.tenancy.TenancyRepository;
import io.airlock.protocol.enrollment.EnrollmentRequest;
import io.airlock.protocol.enrollment.EnrollmentResponse;
import io.airlock.protocol.enrollment.RenewalRequest;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The data-plane registry, enrollment, and certificate renewal. */
@RestController
@RequestMapping("/api/v1")
public class DataPlaneController {
  private static final Logger log = LoggerFactory.getLogger(DataPlaneController.class);

  private final DataPlaneRepository repository;
  private final EnrollmentService enrollment;
  private final TenancyRepository tenancy;

  public DataPlaneController(
      DataPlaneRepository repository, EnrollmentService enrollment, TenancyRepository tenancy) {
    this.repository = repository;
    this.enrollment = enrollment;
    this.tenancy = tenancy;
  }

  @PostMapping("/dataplanes")
  @ResponseStatus(HttpStatus.CREATED)
  @Transactional
  DataPlane.WithToken create(@RequestBody DataPlane.Create body) {
    String name = Require.name(body.name(), "name");
    UUID regionId = Require.present(body.regionId(), "regionId");
    if (tenancy.region(regionId).isEmpty()) {
      throw Require.invalid("regionId", "names no existing region");
    }
    if (repository.nameTaken(regionId, name)) {
      throw new ControlPlaneException(
          ErrorKind.CONFLICT, "A data plane of this name exists in the region; choose another");
    }
    DataPlane created = repository.create(regionId, name);
    log.info("Data plane {} created in region {}", created.id(), regionId);
    return enrollment.issueToken(created);
  }

  @GetMapping("/dataplanes")
  List<DataPlane> list() {
    return repository.list();
  }

  @GetMapping("/dataplanes/{id}")
  DataPlane get(@PathVariable UUID id) {
    return find(id);
  }

  @PostMapping("/dataplanes/{id}/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  @Transactional
  DataPlane.WithToken newToken(@PathVariable UUID id) {
    DataPlane dataPlane = find(id);
    if (dataPlane.status() == DataPlane.Status.REVOKED) {
      throw new ControlPlaneException(
          ErrorKind.CONFLICT,
          "Data plane " + id + " is revoked and cannot enroll again; create a new data plane");
    }
    return enrollment.issueToken(dataPlane);
  }

  @PostMapping("/dataplanes/{id}/revoke")
  @Transactional
  DataPlane revoke(@PathVariable UUID id) {
    find(id);
    repository.revoke(id);
    log.info("Data plane {} revoked", id);
    return find(id);
  }

  @PostMapping("/enrollments")
  @ResponseStatus(HttpStatus.CREATED)
  EnrollmentResponse enroll(@RequestBody EnrollmentRequest body) {
    return enrollment.enroll(body);
  }

  @PostMapping("/dataplane/certificates")
  EnrollmentResponse renew(
      @AuthenticationPrincipal DataPlaneIdentity identity, @RequestBody RenewalRequest body) {
    return enrollment.renew(identity, body);
  }

  private DataPlane find(UUID id) {
    return repository.get(id).orElseThrow(() -> ControlPlaneException.notFound("Data plane", id));
  }
}
