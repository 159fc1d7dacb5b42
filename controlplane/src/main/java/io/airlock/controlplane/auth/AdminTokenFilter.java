package io.airlock.controlplane.auth;

import io.airlock.controlplane.errors.ErrorKind;
import io.airlock.controlplane.errors.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates admin API calls by {@code Authorization: Bearer <admin token>}. A client
 * certificate alone never makes a caller an admin.
 */
final class AdminTokenFilter extends OncePerRequestFilter {
  static final String ADMIN = "ADMIN";
  private static final String BEARER = "Bearer ";

  private final AdminTokens tokens;
  private final ProblemWriter problems;

  AdminTokenFilter(AdminTokens tokens, ProblemWriter problems) {
    this.tokens = tokens;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      chain.doFilter(request, response);
      return;
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || !tokens.valid(header.substring(BEARER.length()).trim())) {
      problems.write(
          response,
          ErrorKind.AUTH,
          "The bearer token is not a valid admin token; use the one printed on first start");
      return;
    }
    SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
    context.setAuthentication(
        new PreAuthenticatedAuthenticationToken(
            "admin", null, List.of(new SimpleGrantedAuthority(ADMIN))));
    SecurityContextHolder.getContextHolderStrategy().setContext(context);
    chain.doFilter(request, response);
  }
}
