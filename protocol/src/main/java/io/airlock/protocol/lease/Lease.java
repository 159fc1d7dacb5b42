package io.airlock.protocol.lease;

import io.airlock.protocol.job.JobSpec;
import java.time.Instant;
import java.util.UUID;

/**
 * The right to run one job until {@code expiresAt}. Every report about the job carries {@code
 * generation}; the control plane refuses reports under an older generation.
 */
public record Lease(UUID jobId, int attempt, long generation, Instant expiresAt, JobSpec job) {}
