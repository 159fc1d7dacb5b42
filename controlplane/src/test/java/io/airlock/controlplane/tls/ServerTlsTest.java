package io.airlock.controlplane.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {
  @TempDir Path tlsDir;

  @Test
  void serverChainEndsWithTheCaAndIsKeptWhileItFits() {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tlsDir);

    ServerTls first = ServerTls.issued(tlsDir, ca, "127.0.0.1");
    List<X509Certificate> chain = Pem.readCertificates(first.certificateFile());
    ServerTls.issued(tlsDir, ca, "localhost");

    assertThat(chain).hasSize(2);
    assertThat(chain.get(1)).isEqualTo(ca.certificate());
    assertThat(ca.signed(chain.get(0))).isTrue();
    assertThat(Pem.readCertificates(first.certificateFile())).isEqualTo(chain);
    assertThat(CertificateAuthority.loadOrCreate(tlsDir).fingerprint()).isEqualTo(ca.fingerprint());
  }

  @Test
  void serverCertificateIsIssuedAgainForANewBindHost() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tlsDir);
    ServerTls first = ServerTls.issued(tlsDir, ca, "127.0.0.1");
    X509Certificate before = Pem.readCertificate(first.certificateFile());

    ServerTls.issued(tlsDir, ca, "airlock.example.internal");
    X509Certificate after = Pem.readCertificate(first.certificateFile());

    assertThat(after).isNotEqualTo(before);
    assertThat(after.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
        .contains("127.0.0.1", "localhost", "airlock.example.internal");
  }

  @Test
  void serverCertificateWithoutTheCaInItsChainIsIssuedAgain() {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tlsDir);
    ServerTls tls = ServerTls.issued(tlsDir, ca, "127.0.0.1");
    X509Certificate leaf = Pem.readCertificate(tls.certificateFile());
    Pem.writeCertificate(tls.certificateFile(), leaf);

    ServerTls.issued(tlsDir, ca, "127.0.0.1");

    assertThat(Pem.readCertificates(tls.certificateFile())).hasSize(2);
  }
}
