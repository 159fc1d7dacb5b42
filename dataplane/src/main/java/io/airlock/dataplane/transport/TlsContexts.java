package io.airlock.dataplane.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS settings of the data plane's only connection: to the control plane. TLS 1.3 and 1.2 only,
 * AEAD suites with forward secrecy only.
 */
public final class TlsContexts {
  /** Protocols in order of preference. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private static final Set<String> MODERN_SUITES =
      Set.of(
          "TLS_AES_256_GCM_SHA384",
          "TLS_AES_128_GCM_SHA256",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private TlsContexts() {}

  /**
   * For enrollment: no client certificate; the server is trusted only if its chain contains the CA
   * whose SHA-256 fingerprint the enrollment token carries.
   */
  public static SSLContext pinned(String caFingerprint) {
    requireNonNull(caFingerprint, "caFingerprint is null");
    return context(null, new TrustManager[] {new PinnedCaTrustManager(caFingerprint)});
  }

  /**
   * For every later call: the data plane's key and certificate, and the stored CA as the only trust
   * anchor.
   */
  public static SSLContext mutual(
      PrivateKey key, X509Certificate certificate, X509Certificate caCertificate) {
    requireNonNull(key, "key is null");
    requireNonNull(certificate, "certificate is null");
    requireNonNull(caCertificate, "caCertificate is null");
    try {
      char[] password = randomPassword();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("dataplane", key, password, new Certificate[] {certificate, caCertificate});
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
      Arrays.fill(password, '\0');

      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      anchors.setCertificateEntry("airlock-ca", caCertificate);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
      trustManagers.init(anchors);
      return context(keyManagers, trustManagers.getTrustManagers());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot build the TLS context from the stored key", e);
    }
  }

  /** Protocols and suites for an {@code HttpClient} using {@code context}. */
  public static SSLParameters parameters(SSLContext context) {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
    String[] suites =
        Arrays.stream(context.getSupportedSSLParameters().getCipherSuites())
            .filter(MODERN_SUITES::contains)
            .toArray(String[]::new);
    parameters.setCipherSuites(suites);
    return parameters;
  }

  private static SSLContext context(KeyManagerFactory keyManagers, TrustManager[] trustManagers) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keyManagers == null ? null : keyManagers.getKeyManagers(),
          trustManagers,
          new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot create a TLS context", e);
    }
  }

  private static char[] randomPassword() {
    SecureRandom random = new SecureRandom();
    char[] password = new char[24];
    for (int i = 0; i < password.length; i++) {
      password[i] = (char) ('a' + random.nextInt(26));
    }
    return password;
  }
}
