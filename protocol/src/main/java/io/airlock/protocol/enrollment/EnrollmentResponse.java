package io.airlock.protocol.enrollment;

import java.time.Instant;
import java.util.UUID;

/** The client certificate issued to a data plane, bound to its id and region. */
public record EnrollmentResponse(
    UUID dataPlaneId,
    String region,
    String certificatePem,
    String caCertificatePem,
    Instant notAfter) {}
