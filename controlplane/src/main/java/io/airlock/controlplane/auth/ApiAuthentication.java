package io.airlock.controlplane.auth;

import io.airlock.controlplane.errors.ErrorKind;
import io.airlock.controlplane.errors.ProblemWriter;
import io.airlock.controlplane.tls.CertificateAuthority;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The one authentication seam of the API. Issue #2 authenticates admins by a bearer token and data
 * planes by mutual TLS; OIDC sign-in and roles replace {@link #adminApi} in a later issue without
 * touching the controllers. Anything not matched below is denied.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class ApiAuthentication {
  /** Data-plane endpoints: client certificate only, principal {@link DataPlaneIdentity}. */
  @Bean
  @Order(1)
  SecurityFilterChain dataPlaneApi(
      HttpSecurity http,
      CertificateAuthority ca,
      DataPlaneRegistry registry,
      ProblemWriter problems)
      throws Exception {
    stateless(http, problems, "A client certificate issued by this control plane is required");
    http.securityMatcher("/api/v1/dataplane/**")
        .addFilterBefore(
            new ClientCertificateFilter(ca, registry, problems), AuthorizationFilter.class)
        .authorizeHttpRequests(
            requests -> requests.anyRequest().hasAuthority(ClientCertificateFilter.DATA_PLANE));
    return http.build();
  }

  /** Admin API: bearer admin token; enrollment carries its own one-time token. */
  @Bean
  @Order(2)
  SecurityFilterChain adminApi(HttpSecurity http, AdminTokens tokens, ProblemWriter problems)
      throws Exception {
    stateless(http, problems, "Send Authorization: Bearer <admin token>");
    http.securityMatcher("/api/v1/**")
        .addFilterBefore(new AdminTokenFilter(tokens, problems), AuthorizationFilter.class)
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(HttpMethod.POST, "/api/v1/enrollments")
                    .permitAll()
                    .anyRequest()
                    .hasAuthority(AdminTokenFilter.ADMIN));
    return http.build();
  }

  /** Everything else is denied, except the servlet container's error page. */
  @Bean
  @Order(3)
  SecurityFilterChain denyEverythingElse(HttpSecurity http, ProblemWriter problems)
      throws Exception {
    stateless(http, problems, "Not part of the API; see the OpenAPI document");
    http.authorizeHttpRequests(
        requests -> requests.requestMatchers("/error").permitAll().anyRequest().denyAll());
    return http.build();
  }

  private static void stateless(HttpSecurity http, ProblemWriter problems, String howToSignIn) {
    AuthenticationEntryPoint unauthenticated =
        (request, response, e) -> problems.write(response, ErrorKind.AUTH, howToSignIn);
    AccessDeniedHandler denied =
        (request, response, e) ->
            problems.write(response, ErrorKind.FORBIDDEN, "This caller may not do this");
    http.csrf(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied));
  }
}
