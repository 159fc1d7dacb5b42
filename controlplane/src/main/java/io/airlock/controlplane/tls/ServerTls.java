package io.airlock.controlplane.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PEM files the HTTPS server uses: its certificate chain, its key, and the CA that client
 * certificates must chain to. The issued chain is the server certificate followed by the CA
 * certificate, so a client that holds only the CA fingerprint (from an enrollment token) can check
 * the CA the server presents.
 */
public record ServerTls(Path certificateFile, Path privateKeyFile, Path trustedCaFile) {
  public static final String CERTIFICATE_FILE = "server.pem";
  public static final String KEY_FILE = "server-key.pem";

  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
  private static final Duration LIFETIME = Duration.ofDays(397);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** Uses a certificate and key given by the operator; the CA still vouches for data planes. */
  public static ServerTls provided(Path certificate, Path privateKey, CertificateAuthority ca) {
    return new ServerTls(certificate, privateKey, ca.certificateFile());
  }

  /**
   * The CA-issued server certificate in {@code tlsDir}, issued again when it is missing, expires
   * within 30 days, or does not name {@code bindAddress}.
   */
  public static ServerTls issued(Path tlsDir, CertificateAuthority ca, String bindAddress) {
    Path certificateFile = tlsDir.resolve(CERTIFICATE_FILE);
    Path keyFile = tlsDir.resolve(KEY_FILE);
    Set<String> hosts = new LinkedHashSet<>(List.of("127.0.0.1", "localhost"));
    if (!isWildcard(bindAddress)) {
      hosts.add(bindAddress);
    }
    if (!usable(certificateFile, keyFile, hosts, ca)) {
      KeyPair keys = CertificateAuthority.newKeyPair();
      X509Certificate certificate =
          ca.issueServerCertificate(keys.getPublic(), generalNames(hosts), LIFETIME);
      Pem.writePrivateKey(keyFile, keys.getPrivate());
      // The chain ends with the CA, so a data plane can pin it by fingerprint on first contact.
      Pem.writeCertificate(certificateFile, certificate, ca.certificate());
      log.info("Issued the control plane's server certificate in {}", tlsDir);
    }
    return new ServerTls(certificateFile, keyFile, ca.certificateFile());
  }

  private static boolean usable(
      Path certificateFile, Path keyFile, Set<String> hosts, CertificateAuthority ca) {
    if (!Files.exists(certificateFile) || !Files.exists(keyFile)) {
      return false;
    }
    List<X509Certificate> chain = Pem.readCertificates(certificateFile);
    if (chain.size() != 2 || !chain.get(1).equals(ca.certificate()) || !ca.signed(chain.get(0))) {
      return false;
    }
    X509Certificate certificate = chain.get(0);
    Instant renewAt = certificate.getNotAfter().toInstant().minus(RENEW_BEFORE);
    return Instant.now().isBefore(renewAt) && names(certificate).containsAll(hosts);
  }

  private static Set<String> names(X509Certificate certificate) {
    Set<String> names = new LinkedHashSet<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        alternatives.forEach(entry -> names.add(String.valueOf(entry.get(1))));
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }

  private static List<GeneralName> generalNames(Set<String> hosts) {
    List<GeneralName> names = new ArrayList<>();
    for (String host : hosts) {
      names.add(
          isIpAddress(host)
              ? new GeneralName(GeneralName.iPAddress, host)
              : new GeneralName(GeneralName.dNSName, host));
    }
    return names;
  }

  static boolean isWildcard(String address) {
    return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
  }

  private static boolean isIpAddress(String host) {
    if (!host.matches("[0-9.]+|.*:.*")) {
      return false;
    }
    try {
      InetAddress.getByName(host);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
