package io.airlock.controlplane.tls;

import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.FieldError;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** Reads PKCS#10 certificate signing requests and checks their proof of possession. */
public final class SigningRequests {
  private static final int MIN_RSA_BITS = 2048;

  private SigningRequests() {}

  /**
   * The public key of a CSR whose signature verifies with that key, which proves the sender holds
   * the private key. The CSR's subject is ignored: the control plane sets the identity.
   *
   * @throws ControlPlaneException of kind USER naming {@code csrPem} when the CSR is malformed, its
   *     signature does not verify, or its key is too weak
   */
  public static PublicKey verifiedPublicKey(String csrPem) {
    PKCS10CertificationRequest request = parse(csrPem);
    try {
      var verifier =
          new JcaContentVerifierProviderBuilder().build(request.getSubjectPublicKeyInfo());
      if (!request.isSignatureValid(verifier)) {
        throw invalid("its signature does not verify; sign it with the key it carries");
      }
      PublicKey key = new JcaPKCS10CertificationRequest(request).getPublicKey();
      requireStrong(key);
      return key;
    } catch (OperatorCreationException | PKCSException | GeneralSecurityException e) {
      throw invalid("its key or signature algorithm is not supported; use EC P-256 or RSA 3072");
    }
  }

  private static PKCS10CertificationRequest parse(String csrPem) {
    if (csrPem == null || csrPem.isBlank()) {
      throw invalid("it is missing");
    }
    try {
      Object object = Pem.parse(csrPem);
      if (object instanceof PKCS10CertificationRequest request) {
        return request;
      }
    } catch (IOException | RuntimeException e) {
      throw invalid("it is not a PEM CERTIFICATE REQUEST");
    }
    throw invalid("it is not a PEM CERTIFICATE REQUEST");
  }

  private static void requireStrong(PublicKey key) {
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      throw invalid("its RSA key is shorter than 2048 bits");
    }
    if (!(key instanceof RSAPublicKey) && !(key instanceof ECPublicKey)) {
      throw invalid("its key type is not supported; use EC P-256 or RSA 3072");
    }
  }

  private static ControlPlaneException invalid(String why) {
    return ControlPlaneException.invalid(
        "Invalid certificate signing request: " + why,
        List.of(new FieldError("csrPem", "Invalid CSR: " + why)));
  }
}
