package io.airlock.controlplane.testing;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTPS client for the control plane: it trusts the control plane's CA and, when given one,
 * presents a client certificate whatever CAs the server asks for (so expired and foreign
 * certificates really reach the server).
 */
public final class TestingHttps {
  public static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI baseUrl;
  private final HttpClient client;

  private TestingHttps(URI baseUrl, HttpClient client) {
    this.baseUrl = baseUrl;
    this.client = client;
  }

  /** A client without a client certificate. */
  public static TestingHttps anonymous(URI baseUrl, Path caCertificate) {
    return new TestingHttps(baseUrl, client(sslContext(caCertificate, null)));
  }

  /** A client presenting {@code certificate} with {@code key}. */
  public static TestingHttps withCertificate(
      URI baseUrl, Path caCertificate, X509Certificate certificate, PrivateKey key) {
    KeyManager keyManager = new FixedKeyManager(certificate, key);
    return new TestingHttps(baseUrl, client(sslContext(caCertificate, keyManager)));
  }

  /** Sends a request; {@code bearer} and {@code body} may be null. */
  public Response send(String method, String path, String bearer, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(Duration.ofSeconds(60));
      if (bearer != null) {
        request.header("Authorization", "Bearer " + bearer);
      }
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json");
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        request.method(method, HttpRequest.BodyPublishers.ofString(text));
      }
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new HandshakeRefused(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpClient client(SSLContext context) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(context)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static SSLContext sslContext(Path caCertificate, KeyManager keyManager) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (var in = Files.newInputStream(caCertificate)) {
        trust.setCertificateEntry(
            "airlock-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keyManager == null ? null : new KeyManager[] {keyManager},
          trustManagers.getTrustManagers(),
          null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A response; {@link #json()} parses the body. */
  public record Response(int status, String body, String contentType) {
    public JsonNode json() {
      return JSON.readTree(body);
    }
  }

  /** The TLS handshake or the connection failed: the server refused the client. */
  public static final class HandshakeRefused extends RuntimeException {
    public HandshakeRefused(IOException cause) {
      super(cause);
    }
  }

  /** Always offers the one certificate, so the server decides about it. */
  private static final class FixedKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final X509Certificate certificate;
    private final PrivateKey key;

    FixedKeyManager(X509Certificate certificate, PrivateKey key) {
      this.certificate = certificate;
      this.key = key;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return new X509Certificate[] {certificate};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }
  }
}
