package io.airlock.controlplane.tenancy;

import java.time.Instant;
import java.util.UUID;

/** Where data may be processed; data planes enroll in one, workspaces belong to one. */
public record Region(UUID id, UUID organizationId, String name, Instant createdAt) {
  /** The body of {@code POST /regions}; the default organization when none is given. */
  public record Create(UUID organizationId, String name) {}
}
