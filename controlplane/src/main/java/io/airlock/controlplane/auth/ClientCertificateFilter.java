package io.airlock.controlplane.auth;

import io.airlock.controlplane.errors.ErrorKind;
import io.airlock.controlplane.errors.ProblemWriter;
import io.airlock.controlplane.tls.CertificateAuthority;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates data-plane calls by their TLS client certificate. The certificate must be issued by
 * this control plane's CA and currently valid; its CN is the data plane's id; the data plane must
 * be ACTIVE. Bearer tokens are refused here.
 */
final class ClientCertificateFilter extends OncePerRequestFilter {
  static final String DATA_PLANE = "DATA_PLANE";
  private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

  private final CertificateAuthority ca;
  private final DataPlaneRegistry registry;
  private final ProblemWriter problems;

  ClientCertificateFilter(
      CertificateAuthority ca, DataPlaneRegistry registry, ProblemWriter problems) {
    this.ca = ca;
    this.registry = registry;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
      problems.write(
          response,
          ErrorKind.AUTH,
          "Data-plane calls authenticate with the client certificate only; remove the"
              + " Authorization header");
      return;
    }
    X509Certificate[] certificates = (X509Certificate[]) request.getAttribute(CERTIFICATES);
    if (certificates == null || certificates.length == 0) {
      chain.doFilter(request, response);
      return;
    }
    Optional<DataPlaneIdentity> identity = authenticate(certificates[0], response);
    if (identity.isEmpty()) {
      return;
    }
    signIn(identity.get());
    try (var mdc = MDC.putCloseable("dataPlaneId", identity.get().dataPlaneId().toString())) {
      chain.doFilter(request, response);
    }
  }

  /** The caller's identity, or empty after writing why it is refused. */
  private Optional<DataPlaneIdentity> authenticate(
      X509Certificate certificate, HttpServletResponse response) throws IOException {
    String problem = checkCertificate(certificate);
    if (problem != null) {
      problems.write(response, ErrorKind.AUTH, problem);
      return Optional.empty();
    }
    UUID id = dataPlaneId(certificate.getSubjectX500Principal());
    var registration =
        id == null ? Optional.<DataPlaneRegistry.Registration>empty() : registry.find(id);
    if (registration.isEmpty()) {
      problems.write(
          response,
          ErrorKind.AUTH,
          "The client certificate names no known data plane; enroll again");
      return Optional.empty();
    }
    String status = registration.get().status();
    if ("REVOKED".equals(status)) {
      problems.write(
          response,
          ErrorKind.FORBIDDEN,
          "Data plane "
              + id
              + " was revoked, which is final; register a new data plane ('airlock dataplanes"
              + " create') and enroll with the token that prints");
      return Optional.empty();
    }
    if (!"ACTIVE".equals(status)) {
      problems.write(
          response,
          ErrorKind.FORBIDDEN,
          "Data plane " + id + " is " + status + "; ask an admin for a new enrollment token");
      return Optional.empty();
    }
    registry.seen(id);
    return Optional.of(
        new DataPlaneIdentity(id, registration.get().regionId(), registration.get().regionName()));
  }

  private String checkCertificate(X509Certificate certificate) {
    if (!ca.signed(certificate)) {
      return "The client certificate was not issued by this control plane; enroll with a token";
    }
    try {
      certificate.checkValidity();
      return null;
    } catch (CertificateExpiredException e) {
      return "The client certificate expired at "
          + certificate.getNotAfter().toInstant()
          + "; enroll again with a new token";
    } catch (CertificateNotYetValidException e) {
      return "The client certificate is not valid yet; check the data plane's clock";
    }
  }

  private static UUID dataPlaneId(X500Principal subject) {
    RDN[] names = new X500Name(subject.getName(X500Principal.RFC2253)).getRDNs(BCStyle.CN);
    if (names.length != 1) {
      return null;
    }
    try {
      return UUID.fromString(IETFUtils.valueToString(names[0].getFirst().getValue()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void signIn(DataPlaneIdentity identity) {
    var authentication =
        new PreAuthenticatedAuthenticationToken(
            identity, null, List.of(new SimpleGrantedAuthority(DATA_PLANE)));
    SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
    context.setAuthentication(authentication);
    SecurityContextHolder.getContextHolderStrategy().setContext(context);
  }
}
