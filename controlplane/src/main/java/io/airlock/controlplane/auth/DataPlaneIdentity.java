package io.airlock.controlplane.auth;

import java.util.UUID;

/**
 * The authenticated caller of a data-plane endpoint, taken from its client certificate and its row
 * in the registry. Only ACTIVE data planes become one.
 */
public record DataPlaneIdentity(UUID dataPlaneId, UUID regionId, String regionName) {}
