package io.airlock.protocol.lease;

/** Counts for one stream of a running or finished job. Counts only, never values. */
public record StreamProgress(String stream, long records, long bytes, long elapsedMillis) {}
