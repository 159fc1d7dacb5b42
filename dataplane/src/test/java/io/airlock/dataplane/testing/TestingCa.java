package io.airlock.dataplane.testing;

import io.airlock.protocol.enrollment.EnrollmentToken;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** A certificate authority for tests, playing the control plane's CA. */
public final class TestingCa {
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final KeyPair serverKeys;
  private final X509Certificate serverCertificate;

  private TestingCa(String name) {
    this.keys = newKeyPair();
    this.certificate = issueCa(name);
    this.serverKeys = newKeyPair();
    this.serverCertificate = issueServer();
  }

  public static TestingCa create(String name) {
    return new TestingCa(name);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** SHA-256 of the CA certificate, as enrollment tokens carry it. */
  public String fingerprint() {
    try {
      return EnrollmentToken.fingerprint(certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs a PEM CSR as the control plane would: CN=id, SAN URIs for id and region. */
  public X509Certificate sign(String csrPem, UUID dataPlaneId, String region, Duration lifetime) {
    try {
      String body =
          csrPem
              .replace("-----BEGIN CERTIFICATE REQUEST-----", "")
              .replace("-----END CERTIFICATE REQUEST-----", "")
              .replaceAll("\\s", "");
      JcaPKCS10CertificationRequest csr =
          new JcaPKCS10CertificationRequest(Base64.getDecoder().decode(body));
      PublicKey publicKey = csr.getPublicKey();
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey))) {
        throw new IllegalArgumentException("CSR signature invalid");
      }
      Instant now = Instant.now().minusSeconds(5);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              certificate,
              serial(),
              Date.from(now),
              Date.from(now.plus(lifetime)),
              new X500Principal("CN=" + dataPlaneId),
              publicKey);
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(
                    GeneralName.uniformResourceIdentifier, "urn:airlock:dataplane:" + dataPlaneId),
                new GeneralName(
                    GeneralName.uniformResourceIdentifier, "urn:airlock:region:" + region)
              }));
      return build(builder);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot sign CSR", e);
    }
  }

  /** TLS for an HTTPS server: the server certificate and this CA in its chain. */
  public SSLContext serverContext() {
    try {
      char[] password = "changeit".toCharArray();
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          "server",
          serverKeys.getPrivate(),
          password,
          new Certificate[] {serverCertificate, certificate});
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
      keyManagers.init(keyStore, password);
      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      trustStore.setCertificateEntry("ca", certificate);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
      trustManagers.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private X509Certificate issueCa(String name) {
    try {
      Instant now = Instant.now().minusSeconds(60);
      X500Principal subject = new X500Principal("CN=" + name);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(),
              Date.from(now),
              Date.from(now.plus(Duration.ofDays(30))),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return build(builder);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private X509Certificate issueServer() {
    try {
      Instant now = Instant.now().minusSeconds(60);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              certificate,
              serial(),
              Date.from(now),
              Date.from(now.plus(Duration.ofDays(30))),
              new X500Principal("CN=localhost"),
              serverKeys.getPublic());
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
      return build(builder);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private X509Certificate build(X509v3CertificateBuilder builder) throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
