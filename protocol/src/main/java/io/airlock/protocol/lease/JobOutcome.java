package io.airlock.protocol.lease;

/** How a job attempt ended. */
public enum JobOutcome {
  SUCCEEDED,
  FAILED
}
