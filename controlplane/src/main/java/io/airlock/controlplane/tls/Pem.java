package io.airlock.controlplane.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM encoding and the files of the TLS folder. Private keys are written with mode 0600. */
public final class Pem {
  private Pem() {}

  /** The PEM text of a certificate. */
  public static String encode(X509Certificate certificate) {
    return write(certificate);
  }

  /** Writes certificates (a chain, leaf first), readable by anyone: they are public. */
  static void writeCertificate(Path file, X509Certificate... certificates) {
    StringBuilder text = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      text.append(encode(certificate));
    }
    writeAtomically(file, text.toString(), false);
  }

  /** Writes a private key as unencrypted PKCS#8, readable by the owner only. */
  static void writePrivateKey(Path file, PrivateKey key) {
    try {
      writeAtomically(file, write(new JcaPKCS8Generator(key, null).generate()), true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode a private key for " + file, e);
    }
  }

  static X509Certificate readCertificate(Path file) {
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
      Object object = parser.readObject();
      if (!(object instanceof X509CertificateHolder holder)) {
        throw new IllegalStateException(
            "Invalid certificate file " + file + ": expected a PEM CERTIFICATE block");
      }
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read certificate file " + file, e);
    } catch (CertificateException e) {
      throw new IllegalStateException("Invalid certificate in " + file, e);
    }
  }

  /** Every certificate of a PEM file, in file order. */
  static List<X509Certificate> readCertificates(Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof X509CertificateHolder holder) {
          certificates.add(converter.getCertificate(holder));
        }
      }
      return certificates;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read certificate file " + file, e);
    } catch (CertificateException e) {
      throw new IllegalStateException("Invalid certificate in " + file, e);
    }
  }

  static PrivateKey readPrivateKey(Path file) {
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new IllegalStateException(
          "Invalid private key file " + file + ": expected an unencrypted PEM private key");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read private key file " + file, e);
    }
  }

  /** Parses the first PEM object of {@code text}, or returns null when there is none. */
  static Object parse(String text) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      return parser.readObject();
    }
  }

  private static String write(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot PEM-encode " + object.getClass().getSimpleName(), e);
    }
    return out.toString();
  }

  private static void writeAtomically(Path file, String text, boolean ownerOnly) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(temporary);
      if (ownerOnly) {
        Files.createFile(
            temporary,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(temporary, text, StandardCharsets.US_ASCII);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write " + file + "; check the folder's permissions", e);
    }
  }
}
