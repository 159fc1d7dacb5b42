package io.airlock.protocol.lease;

import java.time.Instant;

/** The new expiry of a lease, and whether the job was cancelled meanwhile. */
public record HeartbeatResponse(Instant expiresAt, boolean cancelled) {}
