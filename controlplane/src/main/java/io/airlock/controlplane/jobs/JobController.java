package io.airlock.controlplane.jobs;

import io.airlock.controlplane.errors.ControlPlaneException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Manual triggers, job history and cancellation. */
@RestController
@RequestMapping("/api/v1")
public class JobController {
  private final JobService service;
  private final JobRepository jobs;

  public JobController(JobService service, JobRepository jobs) {
    this.service = service;
    this.jobs = jobs;
  }

  @PostMapping("/connections/{id}/jobs")
  @ResponseStatus(HttpStatus.CREATED)
  Job trigger(@PathVariable UUID id) {
    return service.trigger(id);
  }

  @GetMapping("/jobs")
  List<Job> list(@RequestParam(required = false) UUID connectionId) {
    return jobs.list(connectionId);
  }

  @GetMapping("/jobs/{id}")
  Job get(@PathVariable UUID id) {
    return jobs.get(id).orElseThrow(() -> ControlPlaneException.notFound("Job", id));
  }

  @PostMapping("/jobs/{id}/cancel")
  Job cancel(@PathVariable UUID id) {
    return service.cancel(id);
  }
}
