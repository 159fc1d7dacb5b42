package io.airlock.controlplane.tls;

import static java.util.Objects.requireNonNull;

import io.airlock.protocol.enrollment.EnrollmentToken;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's own certificate authority (EC P-256, ten years). It issues the server
 * certificate and the data planes' client certificates. Its key lives in {@code ca-key.pem} (mode
 * 0600) and never leaves the control plane.
 */
public final class CertificateAuthority {
  public static final String CERTIFICATE_FILE = "ca.pem";
  public static final String KEY_FILE = "ca-key.pem";

  private static final Logger log = LoggerFactory.getLogger(CertificateAuthority.class);
  private static final Duration CA_LIFETIME = Duration.ofDays(3650);
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final Path certificateFile;

  private CertificateAuthority(
      X509Certificate certificate, PrivateKey privateKey, Path certificateFile) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.certificateFile = certificateFile;
  }

  /** Loads the CA from {@code tlsDir}, creating it on first start. */
  public static CertificateAuthority loadOrCreate(Path tlsDir) {
    Path certificateFile = tlsDir.resolve(CERTIFICATE_FILE);
    Path keyFile = tlsDir.resolve(KEY_FILE);
    if (Files.exists(certificateFile) && Files.exists(keyFile)) {
      return new CertificateAuthority(
          Pem.readCertificate(certificateFile), Pem.readPrivateKey(keyFile), certificateFile);
    }
    CertificateAuthority created = create(certificateFile);
    Pem.writePrivateKey(keyFile, created.privateKey);
    Pem.writeCertificate(certificateFile, created.certificate);
    log.info("Created the control plane's certificate authority in {}", tlsDir);
    return created;
  }

  private static CertificateAuthority create(Path certificateFile) {
    KeyPair keys = newKeyPair();
    X500Name name = new X500Name("CN=Airlock control plane CA " + UUID.randomUUID());
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            serial(),
            Date.from(now.minus(CLOCK_SKEW)),
            Date.from(now.plus(CA_LIFETIME)),
            name,
            keys.getPublic());
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(keys.getPublic()));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build the CA certificate", e);
    }
    X509Certificate certificate = sign(builder, keys.getPrivate());
    return new CertificateAuthority(certificate, keys.getPrivate(), certificateFile);
  }

  /** A fresh EC P-256 key pair. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available in this JDK", e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The PEM file of the CA certificate. */
  public Path certificateFile() {
    return certificateFile;
  }

  /** Hex SHA-256 of the CA certificate's DER encoding, as enrollment tokens carry it. */
  public String fingerprint() {
    try {
      return EnrollmentToken.fingerprint(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("Cannot encode the CA certificate", e);
    }
  }

  /** Whether this CA signed {@code candidate}. Validity dates are not checked here. */
  public boolean signed(X509Certificate candidate) {
    try {
      candidate.verify(certificate.getPublicKey());
      return candidate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Issues a TLS server certificate for the given host names and IP addresses. */
  public X509Certificate issueServerCertificate(
      PublicKey key, List<GeneralName> names, Duration lifetime) {
    X509v3CertificateBuilder builder =
        builder(new X500Name("CN=Airlock control plane"), key, lifetime);
    addLeafExtensions(builder, key, KeyPurposeId.id_kp_serverAuth, names);
    return sign(builder, privateKey);
  }

  /**
   * Issues a data plane's client certificate: subject {@code CN=<dataPlaneId>}, SAN URIs {@code
   * urn:airlock:dataplane:<id>} and {@code urn:airlock:region:<region>}.
   */
  public X509Certificate issueClientCertificate(
      PublicKey key, UUID dataPlaneId, String regionName, Duration lifetime) {
    requireNonNull(dataPlaneId, "dataPlaneId is null");
    requireNonNull(regionName, "regionName is null");
    X509v3CertificateBuilder builder = builder(new X500Name("CN=" + dataPlaneId), key, lifetime);
    List<GeneralName> names =
        List.of(
            new GeneralName(GeneralName.uniformResourceIdentifier, dataPlaneUri(dataPlaneId)),
            new GeneralName(GeneralName.uniformResourceIdentifier, regionUri(regionName)));
    addLeafExtensions(builder, key, KeyPurposeId.id_kp_clientAuth, names);
    return sign(builder, privateKey);
  }

  public static String dataPlaneUri(UUID dataPlaneId) {
    return "urn:airlock:dataplane:" + dataPlaneId;
  }

  public static String regionUri(String regionName) {
    return "urn:airlock:region:" + regionName;
  }

  private X509v3CertificateBuilder builder(X500Name subject, PublicKey key, Duration lifetime) {
    Instant now = Instant.now();
    Instant notAfter = now.plus(lifetime);
    if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
      notAfter = certificate.getNotAfter().toInstant();
    }
    return new JcaX509v3CertificateBuilder(
        certificate, serial(), Date.from(now.minus(CLOCK_SKEW)), Date.from(notAfter), subject, key);
  }

  private void addLeafExtensions(
      X509v3CertificateBuilder builder,
      PublicKey key,
      KeyPurposeId purpose,
      List<GeneralName> names) {
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      int usage = KeyUsage.digitalSignature;
      if ("RSA".equals(key.getAlgorithm())) {
        usage |= KeyUsage.keyEncipherment;
      }
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(certificate));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build certificate extensions", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
    try {
      var signer = new JcaContentSignerBuilder(SIGNATURE).build(signingKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot sign a certificate", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(159, RANDOM).add(BigInteger.ONE);
  }
}
