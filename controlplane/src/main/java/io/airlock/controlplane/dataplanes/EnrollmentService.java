package io.airlock.controlplane.dataplanes;

import io.airlock.controlplane.ControlPlaneSettings;
import io.airlock.controlplane.auth.DataPlaneIdentity;
import io.airlock.controlplane.auth.DataPlaneRegistry;
import io.airlock.controlplane.auth.Tokens;
import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.ErrorKind;
import io.airlock.controlplane.tls.CertificateAuthority;
import io.airlock.controlplane.tls.Pem;
import io.airlock.controlplane.tls.SigningRequests;
import io.airlock.protocol.enrollment.EnrollmentRequest;
import io.airlock.protocol.enrollment.EnrollmentResponse;
import io.airlock.protocol.enrollment.EnrollmentToken;
import io.airlock.protocol.enrollment.RenewalRequest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-time enrollment tokens and the client certificates they buy. A token is {@code alt_} plus 32
 * random bytes; only its SHA-256 is stored, and it is consumed atomically.
 */
@Service
public class EnrollmentService {
  private static final Logger log = LoggerFactory.getLogger(EnrollmentService.class);
  private static final String TOKEN_PREFIX = "alt_";

  private final DataPlaneRepository repository;
  private final CertificateAuthority ca;
  private final ControlPlaneSettings settings;

  public EnrollmentService(
      DataPlaneRepository repository, CertificateAuthority ca, ControlPlaneSettings settings) {
    this.repository = repository;
    this.ca = ca;
    this.settings = settings;
  }

  /** Issues a new token for {@code dataPlane}, replacing any unused one. */
  @Transactional
  public DataPlane.WithToken issueToken(DataPlane dataPlane) {
    String secret = Tokens.random(TOKEN_PREFIX);
    Instant expiresAt = Instant.now().plus(settings.enrollmentTokenTtl());
    repository.replaceToken(dataPlane.id(), Tokens.hash(secret), expiresAt);
    String token = new EnrollmentToken(secret, ca.fingerprint()).encode();
    return new DataPlane.WithToken(dataPlane, token, expiresAt);
  }

  /** Enrolls a data plane: checks the CSR, consumes the token, issues its certificate. */
  @Transactional
  public EnrollmentResponse enroll(EnrollmentRequest request) {
    EnrollmentToken token = parse(request.token());
    PublicKey key = SigningRequests.verifiedPublicKey(request.csrPem());
    String hash = Tokens.hash(token.secret());
    UUID dataPlaneId = repository.consumeToken(hash).orElseThrow(() -> refusal(hash));
    DataPlaneRegistry.Registration registration = registration(dataPlaneId);
    if ("REVOKED".equals(registration.status())) {
      throw new ControlPlaneException(
          ErrorKind.FORBIDDEN,
          "Cannot enroll: data plane "
              + dataPlaneId
              + " was revoked, which is final; register a new data plane ('airlock dataplanes"
              + " create') and enroll with the token that prints");
    }
    X509Certificate certificate = issue(key, dataPlaneId, registration.regionName());
    Instant notAfter = certificate.getNotAfter().toInstant();
    repository.activate(dataPlaneId, hostname(request.hostname()), notAfter);
    log.info("Data plane {} enrolled in region {}", dataPlaneId, registration.regionName());
    return response(dataPlaneId, registration.regionName(), certificate);
  }

  /** Issues a fresh certificate for the same identity, over mutual TLS. */
  public EnrollmentResponse renew(DataPlaneIdentity identity, RenewalRequest request) {
    PublicKey key = SigningRequests.verifiedPublicKey(request == null ? null : request.csrPem());
    X509Certificate certificate = issue(key, identity.dataPlaneId(), identity.regionName());
    repository.certificateRenewed(identity.dataPlaneId(), certificate.getNotAfter().toInstant());
    log.info("Data plane {} renewed its certificate", identity.dataPlaneId());
    return response(identity.dataPlaneId(), identity.regionName(), certificate);
  }

  private EnrollmentToken parse(String token) {
    if (token == null) {
      throw unauthorized("the token is missing");
    }
    try {
      EnrollmentToken parsed = EnrollmentToken.parse(token);
      if (!parsed.caFingerprint().equals(ca.fingerprint())) {
        throw unauthorized("the token was issued by another control plane");
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      throw unauthorized("the token is malformed");
    }
  }

  private ControlPlaneException refusal(String hash) {
    return repository
        .tokenState(hash)
        .map(
            state ->
                state.usedAt() != null
                    ? unauthorized("the token was already used")
                    : unauthorized("the token expired at " + state.expiresAt()))
        .orElseGet(() -> unauthorized("the token is unknown"));
  }

  private DataPlaneRegistry.Registration registration(UUID dataPlaneId) {
    return repository
        .find(dataPlaneId)
        .orElseThrow(
            () ->
                new ControlPlaneException(
                    ErrorKind.INTERNAL, "Enrollment token names a missing data plane"));
  }

  private X509Certificate issue(PublicKey key, UUID dataPlaneId, String regionName) {
    return ca.issueClientCertificate(
        key, dataPlaneId, regionName, settings.clientCertificateLifetime());
  }

  private EnrollmentResponse response(
      UUID dataPlaneId, String regionName, X509Certificate certificate) {
    return new EnrollmentResponse(
        dataPlaneId,
        regionName,
        Pem.encode(certificate),
        Pem.encode(ca.certificate()),
        certificate.getNotAfter().toInstant());
  }

  private static String hostname(String hostname) {
    if (hostname == null || hostname.isBlank()) {
      return null;
    }
    String trimmed = hostname.strip();
    return trimmed.length() > 255 ? trimmed.substring(0, 255) : trimmed;
  }

  private static ControlPlaneException unauthorized(String why) {
    return new ControlPlaneException(
        ErrorKind.AUTH, "Cannot enroll data plane: " + why + "; ask an admin for a new one");
  }
}
