package io.airlock.dataplane.sync;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.SecretResolver;
import io.airlock.dataplane.secrets.JobSecrets;
import io.airlock.protocol.job.JobSpec;

/**
 * Runs a job with its own secrets: resolved just in time, redacted from the error report, and
 * zeroed when the job ends.
 */
public final class SyncJobRunner implements JobRunner {
  private final SyncEngine engine;
  private final SecretResolver resolver;

  public SyncJobRunner(SyncEngine engine, SecretResolver resolver) {
    this.engine = requireNonNull(engine, "engine is null");
    this.resolver = requireNonNull(resolver, "resolver is null");
  }

  @Override
  public RunOutcome run(JobSpec job, JobProgress progress) {
    try (JobSecrets secrets = new JobSecrets(resolver)) {
      return engine.run(job, secrets, progress).redacted(secrets::redact);
    }
  }
}
