package io.airlock.protocol.job;

/** What a job asks a data plane to do. */
public enum JobKind {
  SYNC,
  CHECK,
  DISCOVER
}
