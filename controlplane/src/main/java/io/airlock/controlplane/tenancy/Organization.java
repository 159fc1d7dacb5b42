package io.airlock.controlplane.tenancy;

import java.time.Instant;
import java.util.UUID;

/** A tenant: the owner of regions and workspaces. */
public record Organization(UUID id, String name, Instant createdAt) {
  /** The body of {@code POST /organizations}. */
  public record Create(String name) {}
}
