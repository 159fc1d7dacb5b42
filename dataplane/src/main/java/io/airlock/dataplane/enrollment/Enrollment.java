package io.airlock.dataplane.enrollment;

import static java.util.Objects.requireNonNull;

import io.airlock.dataplane.transport.ControlPlaneClient;
import io.airlock.dataplane.transport.TlsContexts;
import io.airlock.protocol.enrollment.EnrollmentRequest;
import io.airlock.protocol.enrollment.EnrollmentResponse;
import io.airlock.protocol.enrollment.EnrollmentToken;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Establishes who this data plane is: either from its work dir (later starts), or by enrolling with
 * a one-time token (first start, or a new token after revocation).
 *
 * <p>Enrolling generates an EC P-256 key pair locally, sends only a CSR, and trusts the control
 * plane only if its TLS chain contains the CA whose fingerprint the token carries. The issued CA
 * must have the same fingerprint; it is stored as the only trust anchor for every later call.
 */
public final class Enrollment {
  private static final Logger LOG = LoggerFactory.getLogger(Enrollment.class);

  private final WorkDir workDir;
  private final URI proxy;
  private final Clock clock;

  public Enrollment(WorkDir workDir, URI proxy, Clock clock) {
    this.workDir = requireNonNull(workDir, "workDir is null");
    this.proxy = proxy;
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Loads or creates the identity.
   *
   * @param controlPlane the control plane to use; null means the one stored at enrollment
   * @param token a one-time enrollment token, or null to use the stored enrollment
   */
  public Enrolled establish(URI controlPlane, String token) {
    Optional<Identity> stored = workDir.identity();
    if (token == null || token.isBlank()) {
      Identity identity =
          stored.orElseThrow(
              () ->
                  new EnrollmentException(
                      "This data plane is not enrolled yet (no identity in "
                          + workDir.path()
                          + "); pass --token with a token from 'airlock dataplanes create'"));
      return load(withControlPlane(identity, controlPlane));
    }
    EnrollmentToken parsed = parse(token);
    String digest = digest(parsed);
    if (stored.isPresent() && digest.equals(stored.get().tokenDigest())) {
      LOG.info("Token already used by this data plane; reusing its stored enrollment");
      return load(withControlPlane(stored.get(), controlPlane));
    }
    if (controlPlane == null) {
      throw new EnrollmentException(
          "Cannot enroll without the control plane's address; pass --control-plane https://…");
    }
    return enroll(controlPlane, parsed, digest);
  }

  private Enrolled load(Identity identity) {
    Credentials credentials = workDir.credentials();
    if (!credentials.consistent()) {
      throw new EnrollmentException(
          "The key and certificate in "
              + workDir.path()
              + " do not belong together; enroll again with a new token");
    }
    if (credentials.expiredAt(clock.instant())) {
      throw new EnrollmentException(
          "The certificate of this data plane expired at "
              + credentials.notAfter()
              + "; enroll it again with a new token");
    }
    return new Enrolled(identity, credentials);
  }

  private Enrolled enroll(URI controlPlane, EnrollmentToken token, String digest) {
    KeyPair keys = KeyPairs.generate();
    String csr = KeyPairs.csrPem(keys, "airlock-dataplane");
    EnrollmentResponse response;
    try (ControlPlaneClient client =
        new ControlPlaneClient(controlPlane, TlsContexts.pinned(token.caFingerprint()), proxy)) {
      response = client.enroll(new EnrollmentRequest(token.encode(), csr, hostname()));
    }
    Credentials credentials = verify(response, keys, token.caFingerprint());
    Identity identity =
        new Identity(response.dataPlaneId(), response.region(), controlPlane, digest);
    workDir.store(identity, credentials);
    LOG.info(
        "Enrolled data plane {} in region {} with control plane {}",
        identity.dataPlaneId(),
        identity.region(),
        controlPlane);
    return new Enrolled(identity, credentials);
  }

  /** Checks that the issued certificate is for our key and issued by the pinned CA. */
  static Credentials verify(EnrollmentResponse response, KeyPair keys, String caFingerprint) {
    if (response.dataPlaneId() == null
        || response.region() == null
        || response.certificatePem() == null
        || response.caCertificatePem() == null) {
      throw new EnrollmentException(
          "The control plane's enrollment answer is incomplete; check that it runs the same"
              + " Airlock version");
    }
    X509Certificate ca = Pem.readCertificate(response.caCertificatePem(), "caCertificatePem");
    X509Certificate certificate = Pem.readCertificate(response.certificatePem(), "certificatePem");
    requirePinned(ca, caFingerprint);
    if (!KeyPairs.matches(keys.getPublic(), certificate.getPublicKey())) {
      throw new EnrollmentException(
          "The control plane issued a certificate for another key; refusing it");
    }
    try {
      certificate.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new EnrollmentException(
          "The issued certificate is not signed by the pinned CA; refusing it", e);
    }
    return new Credentials(keys.getPrivate(), certificate, ca);
  }

  private static void requirePinned(X509Certificate ca, String caFingerprint) {
    try {
      if (!EnrollmentToken.fingerprint(ca.getEncoded()).equals(caFingerprint)) {
        throw new EnrollmentException(
            "The CA certificate the control plane returned is not the one pinned by the token;"
                + " ask an admin for a new token");
      }
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new EnrollmentException("The CA certificate the control plane returned is invalid", e);
    }
  }

  private static EnrollmentToken parse(String token) {
    try {
      return EnrollmentToken.parse(token.trim());
    } catch (IllegalArgumentException e) {
      throw new EnrollmentException(e.getMessage(), e);
    }
  }

  private static String digest(EnrollmentToken token) {
    return EnrollmentToken.fingerprint(token.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static Identity withControlPlane(Identity identity, URI controlPlane) {
    if (controlPlane == null || controlPlane.equals(identity.controlPlane())) {
      return identity;
    }
    return new Identity(
        identity.dataPlaneId(), identity.region(), controlPlane, identity.tokenDigest());
  }

  private static String hostname() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
