package io.airlock.protocol.enrollment;

/** A CSR for a fresh client certificate, sent over mutual TLS with the current one. */
public record RenewalRequest(String csrPem) {}
