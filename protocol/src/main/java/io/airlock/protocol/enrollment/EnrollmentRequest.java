package io.airlock.protocol.enrollment;

/**
 * A data plane's first call: the one-time token and a PKCS#10 CSR for the key pair it generated.
 */
public record EnrollmentRequest(String token, String csrPem, String hostname) {}
