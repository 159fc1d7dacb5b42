package io.airlock.cli.api;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real HTTPS server on loopback that answers canned responses per request line, standing in for
 * the control plane's API. Its certificate is self-signed; {@link #caFile()} holds it as PEM, as
 * the control plane's {@code ca.pem}.
 */
public final class TestingHttpsServer implements AutoCloseable {
  public record Response(int status, String contentType, String body) {}

  public record Request(String method, String path, String authorization, String body) {}

  private final HttpsServer server;
  private final Path caFile;
  private final Map<String, Response> responses = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private TestingHttpsServer(HttpsServer server, Path caFile) {
    this.server = server;
    this.caFile = caFile;
  }

  public static TestingHttpsServer start(Path folder) throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
    X509Certificate certificate = selfSigned(keys);
    Path caFile = folder.resolve("ca-" + System.nanoTime() + ".pem");
    writePem(certificate, caFile);
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(sslContext(keys, certificate)));
    TestingHttpsServer testing = new TestingHttpsServer(server, caFile);
    server.createContext("/", exchange -> testing.handle(exchange));
    server.start();
    return testing;
  }

  /** Answers {@code method path} (path with query) with {@code response}. */
  public void respond(String method, String path, Response response) {
    responses.put(method + " " + path, response);
  }

  /** Forgets every response set with {@link #respond}: requests get 404 again. */
  public void forgetResponses() {
    responses.clear();
  }

  public URI baseUrl() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  public Path caFile() {
    return caFile;
  }

  public List<Request> requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().toString();
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            path,
            exchange.getRequestHeaders().getFirst("Authorization"),
            body));
    Response response =
        responses.getOrDefault(
            exchange.getRequestMethod() + " " + path,
            new Response(
                404,
                "application/problem+json",
                "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"No route " + path + "\"}"));
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static X509Certificate selfSigned(KeyPair keys) throws Exception {
    X500Name name = new X500Name("CN=Testing Airlock CA");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofHours(1))),
            name,
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static void writePem(X509Certificate certificate, Path file) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(certificate);
    }
    Files.writeString(file, text.toString());
  }

  private static SSLContext sslContext(KeyPair keys, X509Certificate certificate) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] storePassword = "test".toCharArray();
    store.setKeyEntry(
        "server", keys.getPrivate(), storePassword, new X509Certificate[] {certificate});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, storePassword);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);
    return context;
  }
}
