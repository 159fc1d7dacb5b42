package io.airlock.protocol.lease;

/**
 * The connection's state after a checkpoint the destination has durably committed.
 *
 * @param generation the lease generation the caller holds
 * @param state opaque state (base64); the control plane stores it without reading it
 */
public record Checkpoint(long generation, String state) {}
