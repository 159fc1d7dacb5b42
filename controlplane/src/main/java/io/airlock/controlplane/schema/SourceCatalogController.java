package io.airlock.controlplane.schema;

import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.ErrorKind;
import io.airlock.controlplane.jobs.Job;
import io.airlock.controlplane.jobs.JobService;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /sources/{id}/discover} and {@code /sources/{id}/catalog}. */
@RestController
@RequestMapping("/api/v1/sources/{id}")
public class SourceCatalogController {
  private final JobService jobs;
  private final SourceCatalogRepository catalogs;

  public SourceCatalogController(JobService jobs, SourceCatalogRepository catalogs) {
    this.jobs = jobs;
    this.catalogs = catalogs;
  }

  @PostMapping("/discover")
  @ResponseStatus(HttpStatus.CREATED)
  Job discover(@PathVariable UUID id) {
    return jobs.discover(id);
  }

  @GetMapping("/catalog")
  SourceCatalog catalog(@PathVariable UUID id) {
    jobs.requireSource(id);
    return catalogs
        .get(id)
        .orElseThrow(
            () ->
                new ControlPlaneException(
                    ErrorKind.NOT_FOUND,
                    "Source "
                        + id
                        + " has no stored catalog yet; run a discovery"
                        + " (POST /api/v1/sources/"
                        + id
                        + "/discover) and wait for it to succeed"));
  }
}
