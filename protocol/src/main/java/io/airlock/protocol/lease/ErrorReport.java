package io.airlock.protocol.lease;

/**
 * Why an attempt failed, already scrubbed of record values and secrets by the data plane.
 *
 * @param kind error category, for example {@code USER}, {@code EXTERNAL}, {@code INTERNAL}
 * @param message what went wrong and where (stream, column, file, line), without values
 * @param retriable whether another attempt may succeed
 */
public record ErrorReport(String kind, String message, boolean retriable) {}
