package io.airlock.dataplane.enrollment;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.UUID;

/**
 * Who this data plane is, as stored in {@code identity.json}.
 *
 * @param tokenDigest SHA-256 (hex) of the enrollment token used, so that starting again with the
 *     same, already used token reuses this identity instead of enrolling again; never the token
 */
public record Identity(UUID dataPlaneId, String region, URI controlPlane, String tokenDigest) {
  public Identity {
    requireNonNull(dataPlaneId, "dataPlaneId is null");
    requireNonNull(region, "region is null");
    requireNonNull(controlPlane, "controlPlane is null");
  }
}
