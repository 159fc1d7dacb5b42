package io.airlock.controlplane.jobs;

import io.airlock.controlplane.auth.DataPlaneIdentity;
import io.airlock.protocol.lease.Checkpoint;
import io.airlock.protocol.lease.Heartbeat;
import io.airlock.protocol.lease.HeartbeatResponse;
import io.airlock.protocol.lease.JobResult;
import io.airlock.protocol.lease.Lease;
import io.airlock.protocol.lease.LeaseRequest;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The data planes' side of the job queue, over mutual TLS. */
@RestController
@RequestMapping("/api/v1/dataplane")
public class LeaseController {
  private final LeaseService leases;

  public LeaseController(LeaseService leases) {
    this.leases = leases;
  }

  /** 200 with a lease, or 204 when no job of the caller's region came within the wait. */
  @PostMapping("/leases")
  ResponseEntity<Lease> lease(
      @AuthenticationPrincipal DataPlaneIdentity caller,
      @RequestBody(required = false) LeaseRequest body) {
    int wait = body == null ? 0 : body.waitSeconds();
    return leases
        .lease(caller, wait)
        .map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.noContent().build());
  }

  @PostMapping("/jobs/{jobId}/heartbeats")
  HeartbeatResponse heartbeat(
      @AuthenticationPrincipal DataPlaneIdentity caller,
      @PathVariable UUID jobId,
      @RequestBody Heartbeat body) {
    return leases.heartbeat(caller, jobId, body);
  }

  @PostMapping("/jobs/{jobId}/checkpoints")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void checkpoint(
      @AuthenticationPrincipal DataPlaneIdentity caller,
      @PathVariable UUID jobId,
      @RequestBody Checkpoint body) {
    leases.checkpoint(caller, jobId, body);
  }

  @PostMapping("/jobs/{jobId}/result")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void result(
      @AuthenticationPrincipal DataPlaneIdentity caller,
      @PathVariable UUID jobId,
      @RequestBody JobResult body) {
    leases.complete(caller, jobId, body);
  }
}
