package io.airlock.dataplane.sync;

import io.airlock.protocol.job.JobSpec;

/**
 * Runs one job to its end on the calling thread. It returns a failed outcome rather than throwing
 * for any failure it can describe, and stops early when the thread is interrupted.
 */
@FunctionalInterface
public interface JobRunner {
  RunOutcome run(JobSpec job, JobProgress progress);
}
