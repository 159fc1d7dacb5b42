package io.airlock.controlplane.auth;

import java.util.Optional;
import java.util.UUID;

/** What authentication needs to know about a data plane. */
public interface DataPlaneRegistry {
  /** The data plane's status and region, if it exists. */
  Optional<Registration> find(UUID dataPlaneId);

  /** Records that the data plane called just now. */
  void seen(UUID dataPlaneId);

  /** A data plane's status ({@code PENDING}, {@code ACTIVE}, {@code REVOKED}) and region. */
  record Registration(String status, UUID regionId, String regionName) {}
}
