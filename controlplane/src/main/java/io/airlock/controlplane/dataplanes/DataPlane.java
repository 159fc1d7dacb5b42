package io.airlock.controlplane.dataplanes;

import java.time.Instant;
import java.util.UUID;

/** A registered data plane and where it stands. */
public record DataPlane(
    UUID id,
    UUID regionId,
    String name,
    Status status,
    Instant certificateNotAfter,
    Instant lastSeenAt,
    Instant createdAt) {

  /** PENDING until it enrolls; REVOKED is final. */
  public enum Status {
    PENDING,
    ACTIVE,
    REVOKED
  }

  /** The body of {@code POST /dataplanes}. */
  public record Create(UUID regionId, String name) {}

  /** A data plane with a fresh one-time enrollment token, shown once. */
  public record WithToken(DataPlane dataPlane, String enrollmentToken, Instant tokenExpiresAt) {}
}
