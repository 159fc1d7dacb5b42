package io.airlock.controlplane.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Key pairs, CSRs and certificates made in tests with BouncyCastle, like a data plane would. */
public final class TestingCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestingCertificates() {}

  public static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PEM CSR for {@code keys}, signed with its private key. */
  public static String csr(KeyPair keys) {
    return csr(keys, keys.getPrivate());
  }

  /** A PEM CSR carrying {@code keys}' public key but signed by {@code signer}. */
  public static String csr(KeyPair keys, PrivateKey signer) {
    try {
      var request =
          new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=test"), keys.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer));
      return pem(request);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A self-signed CA unrelated to the control plane. */
  public static Issuer foreignCa() {
    KeyPair keys = keyPair();
    X500Name name = new X500Name("CN=Foreign test CA");
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(RANDOM.nextLong() & Long.MAX_VALUE),
            Date.from(now.minusSeconds(3600)),
            Date.from(now.plusSeconds(86400)),
            name,
            keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Issuer(sign(builder, keys.getPrivate()), keys.getPrivate());
  }

  /** The control plane's own CA, read from its data folder. */
  public static Issuer controlPlaneCa(Path dataDir) {
    Path tls = dataDir.resolve("tls");
    return new Issuer(readCertificate(tls.resolve("ca.pem")), readKey(tls.resolve("ca-key.pem")));
  }

  /** A client certificate for {@code dataPlaneId} valid between the given instants. */
  public static X509Certificate clientCertificate(
      Issuer issuer, KeyPair keys, UUID dataPlaneId, Instant notBefore, Instant notAfter) {
    var builder =
        new JcaX509v3CertificateBuilder(
            issuer.certificate(),
            BigInteger.valueOf(RANDOM.nextLong() & Long.MAX_VALUE),
            Date.from(notBefore),
            Date.from(notAfter),
            new X500Name("CN=" + dataPlaneId),
            keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sign(builder, issuer.privateKey());
  }

  /** A TLS server certificate for 127.0.0.1 and localhost. */
  public static X509Certificate serverCertificate(Issuer issuer, KeyPair keys) {
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            issuer.certificate(),
            BigInteger.valueOf(RANDOM.nextLong() & Long.MAX_VALUE),
            Date.from(now.minusSeconds(60)),
            Date.from(now.plusSeconds(86400)),
            new X500Name("CN=own server"),
            keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sign(builder, issuer.privateKey());
  }

  /** Writes PEM objects (certificates, or a private key as PKCS#8) to {@code file}. */
  public static void writePem(Path file, Object... objects) {
    try {
      StringWriter out = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
        for (Object object : objects) {
          writer.writeObject(
              object instanceof PrivateKey key
                  ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate()
                  : object);
        }
      }
      Files.writeString(file, out.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static X509Certificate parseCertificate(String pem) {
    try (PEMParser parser = new PEMParser(new java.io.StringReader(pem))) {
      return new JcaX509CertificateConverter()
          .getCertificate((X509CertificateHolder) parser.readObject());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate readCertificate(Path file) {
    try {
      return parseCertificate(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PrivateKey readKey(Path file) {
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
      return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
    try {
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  /** A CA certificate and its key. */
  public record Issuer(X509Certificate certificate, PrivateKey privateKey) {}
}
