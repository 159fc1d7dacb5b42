package io.airlock.dataplane.enrollment;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Key pairs generated on the data plane, and the CSRs that prove possession of them. */
final class KeyPairs {
  private KeyPairs() {}

  /** A fresh EC P-256 key pair. The private key never leaves this process except to key.pem. */
  static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot generate an EC P-256 key pair", e);
    }
  }

  /**
   * A PKCS#10 request signed with {@code keys}. The control plane sets the real subject and names;
   * {@code commonName} is informative.
   */
  static String csrPem(KeyPair keys, String commonName) {
    try {
      ContentSigner signer =
          new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
      PKCS10CertificationRequest csr =
          new JcaPKCS10CertificationRequestBuilder(
                  new X500Principal("CN=" + commonName), keys.getPublic())
              .build(signer);
      return Pem.encode("CERTIFICATE REQUEST", csr.getEncoded());
    } catch (OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("Cannot build a certificate signing request", e);
    }
  }

  static boolean matches(PublicKey expected, PublicKey actual) {
    return java.util.Arrays.equals(expected.getEncoded(), actual.getEncoded());
  }
}
