package io.airlock.cli.api;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds a TLS context that trusts only the control plane's own certificate authority. */
public final class TrustedCa {
  private TrustedCa() {}

  /** A TLS context trusting the certificates of the PEM file {@code caFile}, and nothing else. */
  public static SSLContext sslContext(Path caFile) {
    try {
      KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
      trustStore.load(null, null);
      int index = 0;
      for (Certificate certificate : readCertificates(caFile)) {
        trustStore.setCertificateEntry("airlock-ca-" + index++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new CliException(
          "Cannot load the control plane's CA certificate from "
              + caFile
              + ": "
              + e.getMessage()
              + "; pass the right file with --ca-file",
          ExitCodes.UNREACHABLE,
          e);
    }
  }

  private static Collection<? extends Certificate> readCertificates(Path caFile)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(caFile)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new CliException(
            "No certificate found in "
                + caFile
                + "; pass the control plane's ca.pem with --ca-file",
            ExitCodes.UNREACHABLE);
      }
      return certificates;
    } catch (NoSuchFileException e) {
      throw new CliException(
          "The control plane's CA certificate "
              + caFile
              + " does not exist; start the control plane first (airlock quickstart or airlock"
              + " controlplane), or pass its ca.pem with --ca-file",
          ExitCodes.UNREACHABLE);
    }
  }
}
