package io.airlock.protocol.enrollment;

import static java.util.Objects.requireNonNull;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A one-time enrollment token as an admin hands it to a data plane: {@code <secret>.<sha-256 of the
 * control plane's CA certificate, hex>}. The data plane pins that CA on first contact. {@link
 * #toString()} never prints the secret.
 */
public record EnrollmentToken(String secret, String caFingerprint) {
  private static final Pattern SECRET = Pattern.compile("alt_[A-Za-z0-9_-]{20,}");
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

  public EnrollmentToken {
    requireNonNull(secret, "secret is null");
    requireNonNull(caFingerprint, "caFingerprint is null");
  }

  /** Parses a token, or throws {@link IllegalArgumentException} saying what is malformed. */
  public static EnrollmentToken parse(String token) {
    requireNonNull(token, "token is null");
    int dot = token.lastIndexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException(
          "Invalid enrollment token: expected <secret>.<ca-fingerprint>; copy it whole from"
              + " 'airlock dataplanes create'");
    }
    String secret = token.substring(0, dot);
    String fingerprint = token.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    if (!SECRET.matcher(secret).matches() || !FINGERPRINT.matcher(fingerprint).matches()) {
      throw new IllegalArgumentException(
          "Invalid enrollment token: it is truncated or altered; ask an admin for a new one");
    }
    return new EnrollmentToken(secret, fingerprint);
  }

  /** The token as printed for the admin. This is the only method that reveals the secret. */
  public String encode() {
    return secret + "." + caFingerprint;
  }

  /** Hex SHA-256 helper shared by both planes for CA fingerprints. */
  public static String fingerprint(byte[] derEncodedCertificate) {
    try {
      var digest = java.security.MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(derEncodedCertificate));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "EnrollmentToken[secret=<redacted>, caFingerprint=" + caFingerprint + "]";
  }
}
