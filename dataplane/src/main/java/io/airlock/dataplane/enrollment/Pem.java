package io.airlock.dataplane.enrollment;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** PEM text of keys, certificates and certificate requests. */
final class Pem {
  private static final String PRIVATE_KEY = "PRIVATE KEY";

  private Pem() {}

  static String encode(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** PKCS#8 {@code PRIVATE KEY}. */
  static String privateKey(PrivateKey key) {
    byte[] der = key.getEncoded();
    try {
      return encode(PRIVATE_KEY, der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  static String certificate(X509Certificate certificate) {
    try {
      return encode("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateException e) {
      throw new IllegalStateException("Cannot encode a certificate", e);
    }
  }

  /** Reads a PKCS#8 EC private key. */
  static PrivateKey readPrivateKey(String pem, String where) {
    byte[] der = decode(pem, PRIVATE_KEY, where);
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(where + " does not hold a PKCS#8 EC private key", e);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /** Reads the first certificate of a PEM text. */
  static X509Certificate readCertificate(String pem, String where) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new IllegalStateException(where + " does not hold a PEM certificate", e);
    }
  }

  private static byte[] decode(String pem, String type, String where) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalStateException(where + " does not hold a PEM " + type);
    }
    String body = pem.substring(from + begin.length(), to);
    return Base64.getMimeDecoder().decode(body);
  }
}
