package io.airlock.protocol.lease;

import java.util.List;

/** Extends a lease and reports progress so far. */
public record Heartbeat(long generation, List<StreamProgress> streams) {
  public Heartbeat {
    streams = streams == null ? List.of() : List.copyOf(streams);
  }
}
