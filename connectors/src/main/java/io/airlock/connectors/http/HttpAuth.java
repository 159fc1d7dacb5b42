package io.airlock.connectors.http;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Credentials added to requests to the API's own origin (never to another host a redirect or a
 * {@code Link} header points at). Each holds its secrets as {@link Secret}s and reveals them only
 * to build a request; {@link #close()} wipes them.
 */
sealed interface HttpAuth extends AutoCloseable {
  /** Adds this authentication's header or query parameter to {@code request}. */
  void apply(HttpFetcher.Request.Builder request, HttpFetcher fetcher) throws InterruptedException;

  /**
   * Drops credentials the API rejected so that the next request gets fresh ones; false when there
   * is nothing to renew (static credentials).
   */
  default boolean renew() {
    return false;
  }

  @Override
  default void close() {}

  /** No authentication. */
  record None() implements HttpAuth {
    @Override
    public void apply(HttpFetcher.Request.Builder request, HttpFetcher fetcher) {}
  }

  /** {@code Authorization: Bearer <token>}. */
  record Bearer(Secret token) implements HttpAuth {
    @Override
    public void apply(HttpFetcher.Request.Builder request, HttpFetcher fetcher) {
      request.header("Authorization", "Bearer " + token.reveal());
    }

    @Override
    public void close() {
      token.close();
    }
  }

  /** {@code Authorization: Basic <base64(username:password)>}. */
  record Basic(String username, Secret password) implements HttpAuth {
    @Override
    public void apply(HttpFetcher.Request.Builder request, HttpFetcher fetcher) {
      request.header("Authorization", "Basic " + basic(username, password));
    }

    @Override
    public void close() {
      password.close();
    }
  }

  /** An API key in a header or a query parameter named {@code name}. */
  record ApiKey(String name, boolean inQuery, Secret key) implements HttpAuth {
    @Override
    public void apply(HttpFetcher.Request.Builder request, HttpFetcher fetcher) {
      if (inQuery) {
        request.query(name, key.reveal());
      } else {
        request.header(name, key.reveal());
      }
    }

    @Override
    public void close() {
      key.close();
    }
  }

  /**
   * OAuth2 client credentials (RFC 6749 section 4.4): a token from {@code tokenUrl}, the client
   * authenticated with HTTP Basic, kept until 30 seconds before it expires ({@code expires_in}), or
   * for the whole job when the endpoint gives no expiry.
   */
  final class ClientCredentials implements HttpAuth {
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

    private final URI tokenUrl;
    private final String clientId;
    private final Secret clientSecret;
    private final List<String> scopes;
    private final Clock clock;
    private Secret token;
    private Instant expires;

    ClientCredentials(URI tokenUrl, String clientId, Secret clientSecret, List<String> scopes) {
      this(tokenUrl, clientId, clientSecret, scopes, Clock.systemUTC());
    }

    ClientCredentials(
        URI tokenUrl, String clientId, Secret clientSecret, List<String> scopes, Clock clock) {
      this.tokenUrl = requireNonNull(tokenUrl, "tokenUrl is null");
      this.clientId = requireNonNull(clientId, "clientId is null");
      this.clientSecret = requireNonNull(clientSecret, "clientSecret is null");
      this.scopes = List.copyOf(scopes);
      this.clock = clock;
    }

    @Override
    public synchronized void apply(HttpFetcher.Request.Builder request, HttpFetcher fetcher)
        throws InterruptedException {
      if (token == null || (expires != null && !clock.instant().isBefore(expires))) {
        fetchToken(fetcher);
      }
      request.header("Authorization", "Bearer " + token.reveal());
    }

    /** Forgets the cached token: the API rejected it before its expiry (revoked, rotated). */
    @Override
    public synchronized boolean renew() {
      if (token == null) {
        return false;
      }
      token.close();
      token = null;
      return true;
    }

    private void fetchToken(HttpFetcher fetcher) throws InterruptedException {
      String form =
          "grant_type=client_credentials"
              + (scopes.isEmpty() ? "" : "&scope=" + HttpFetcher.encode(String.join(" ", scopes)));
      HttpFetcher.Request tokenRequest =
          HttpFetcher.Request.post(tokenUrl, form)
              .header("Authorization", "Basic " + basic(clientId, clientSecret))
              .header("Accept", "application/json")
              .build();
      JsonNode body = fetcher.json(fetcher.send(tokenRequest, "the OAuth2 token endpoint"), "");
      JsonNode accessToken = body.get("access_token");
      if (accessToken == null || !accessToken.isString() || accessToken.asString().isEmpty()) {
        throw new ConnectorException(
            ConnectorException.Kind.EXTERNAL,
            "The OAuth2 token endpoint "
                + tokenUrl.getPath()
                + " answered without an access_token; check setting 'auth.token_url'");
      }
      if (token != null) {
        token.close();
      }
      token = Secret.of(accessToken.asString());
      JsonNode expiresIn = body.get("expires_in");
      expires =
          expiresIn != null && expiresIn.canConvertToLong()
              ? clock.instant().plusSeconds(expiresIn.asLong()).minus(EXPIRY_MARGIN)
              : null;
    }

    @Override
    public synchronized void close() {
      clientSecret.close();
      if (token != null) {
        token.close();
      }
    }

    @Override
    public String toString() {
      return "ClientCredentials[tokenUrl=" + tokenUrl.getPath() + ", secrets=<redacted>]";
    }
  }

  private static String basic(String username, Secret password) {
    String pair = username + ":" + password.reveal();
    return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }
}
