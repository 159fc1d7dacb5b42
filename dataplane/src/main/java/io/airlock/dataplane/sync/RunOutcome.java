package io.airlock.dataplane.sync;

import static java.util.Objects.requireNonNull;

import io.airlock.protocol.lease.ErrorReport;
import io.airlock.protocol.lease.JobOutcome;
import java.util.function.UnaryOperator;

/**
 * How running a job ended. A failed outcome always carries a scrubbed error report.
 *
 * @param error null when succeeded
 */
public record RunOutcome(JobOutcome outcome, ErrorReport error) {
  public RunOutcome {
    requireNonNull(outcome, "outcome is null");
    if (outcome == JobOutcome.FAILED) {
      requireNonNull(error, "error is null for a failed outcome");
    }
  }

  public static RunOutcome succeeded() {
    return new RunOutcome(JobOutcome.SUCCEEDED, null);
  }

  public static RunOutcome failed(ErrorReport error) {
    return new RunOutcome(JobOutcome.FAILED, error);
  }

  public boolean isSuccess() {
    return outcome == JobOutcome.SUCCEEDED;
  }

  /** The same outcome with {@code redact} applied to the error message. */
  public RunOutcome redacted(UnaryOperator<String> redact) {
    if (error == null) {
      return this;
    }
    return failed(new ErrorReport(error.kind(), redact.apply(error.message()), error.retriable()));
  }
}
