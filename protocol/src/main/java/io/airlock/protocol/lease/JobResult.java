package io.airlock.protocol.lease;

import java.util.List;

/**
 * The final report of one attempt.
 *
 * @param state opaque state after the last committed checkpoint (base64), or null
 */
public record JobResult(
    long generation,
    JobOutcome outcome,
    List<StreamProgress> streams,
    ErrorReport error,
    String state) {
  public JobResult {
    streams = streams == null ? List.of() : List.copyOf(streams);
  }
}
