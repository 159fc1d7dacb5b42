package io.airlock.protocol.lease;

/** A data plane's long-poll for work of its region. The region comes from its certificate. */
public record LeaseRequest(int waitSeconds) {}
