package io.airlock.dataplane.enrollment;

import static java.util.Objects.requireNonNull;

import io.airlock.dataplane.transport.TlsContexts;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;

/**
 * The data plane's key, its client certificate, and the control plane's CA (the only trust anchor).
 */
public record Credentials(PrivateKey key, X509Certificate certificate, X509Certificate ca) {
  public Credentials {
    requireNonNull(key, "key is null");
    requireNonNull(certificate, "certificate is null");
    requireNonNull(ca, "ca is null");
  }

  public Instant notBefore() {
    return certificate.getNotBefore().toInstant();
  }

  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  /** Half-way through the certificate's lifetime, when it is renewed. */
  public Instant renewAt() {
    Duration lifetime = Duration.between(notBefore(), notAfter());
    return notBefore().plus(lifetime.dividedBy(2));
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(notAfter());
  }

  /** Whether the key belongs to the certificate and the certificate was issued by the CA. */
  public boolean consistent() {
    try {
      byte[] probe = "airlock-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      certificate.verify(ca.getPublicKey());
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Mutual TLS with this key and certificate, trusting only the CA. */
  public SSLContext sslContext() {
    return TlsContexts.mutual(key, certificate, ca);
  }

  @Override
  public String toString() {
    return "Credentials[key=<redacted>, certificate="
        + certificate.getSubjectX500Principal()
        + ", notAfter="
        + notAfter()
        + "]";
  }
}
