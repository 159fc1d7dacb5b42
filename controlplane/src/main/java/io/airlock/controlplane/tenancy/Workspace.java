package io.airlock.controlplane.tenancy;

import java.time.Instant;
import java.util.UUID;

/** A set of sources, destinations and connections, bound to exactly one region. */
public record Workspace(
    UUID id, UUID organizationId, UUID regionId, String name, Instant createdAt) {
  /** The body of {@code POST /workspaces}; the organization is the region's. */
  public record Create(UUID regionId, String name) {}
}
