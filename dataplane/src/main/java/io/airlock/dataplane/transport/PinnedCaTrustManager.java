package io.airlock.dataplane.transport;

import static java.util.Objects.requireNonNull;

import io.airlock.protocol.enrollment.EnrollmentToken;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts a server only when its certificate chain contains a CA certificate whose SHA-256 DER
 * fingerprint is the pinned one, and the server certificate validates up to that CA. This is how a
 * data plane trusts the control plane on first contact, before it has stored the CA.
 *
 * <p>The server must therefore present its CA certificate in the TLS chain. Being a plain {@link
 * X509TrustManager}, it is wrapped by JSSE, which still checks the host name against the server
 * certificate.
 */
final class PinnedCaTrustManager implements X509TrustManager {
  private final String pinnedFingerprint;

  PinnedCaTrustManager(String pinnedFingerprint) {
    this.pinnedFingerprint = requireNonNull(pinnedFingerprint, "pinnedFingerprint is null");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("The control plane presented no TLS certificate");
    }
    X509Certificate pinned = findPinned(chain);
    if (chain[0].equals(pinned)) {
      pinned.checkValidity();
      return;
    }
    validate(chain, pinned);
  }

  private X509Certificate findPinned(X509Certificate[] chain) throws CertificateException {
    for (X509Certificate certificate : chain) {
      if (EnrollmentToken.fingerprint(certificate.getEncoded()).equals(pinnedFingerprint)) {
        return certificate;
      }
    }
    throw new CertificateException(
        "The control plane's TLS certificate does not chain to the CA pinned by the enrollment"
            + " token (SHA-256 "
            + pinnedFingerprint.substring(0, 16)
            + "…); check --control-plane, or ask an admin for a new token");
  }

  private static void validate(X509Certificate[] chain, X509Certificate pinned)
      throws CertificateException {
    List<X509Certificate> path =
        Arrays.stream(chain).takeWhile(certificate -> !certificate.equals(pinned)).toList();
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(pinned, null)));
      parameters.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    } catch (GeneralSecurityException e) {
      throw new CertificateException(
          "The control plane's TLS certificate is not valid under the pinned CA: " + e.getMessage(),
          e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("A data plane never accepts incoming TLS connections");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
