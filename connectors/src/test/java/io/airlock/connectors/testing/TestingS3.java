package io.airlock.connectors.testing;

import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server (Adobe S3Mock, run from its executable jar, which the build copies to
 * {@code target/test-servers/s3mock.jar}) in its own process, for tests. One server is shared by
 * every test of the JVM: {@link #shared()} starts it on first use and a shutdown hook stops it by
 * its process id and deletes its folder. Each test class creates its own buckets.
 *
 * <p>Clients reach it over HTTPS on its main port, bound to 127.0.0.1 ({@code server.address}),
 * with a certificate for IP 127.0.0.1 that {@code keytool} makes for each run; the settings of
 * {@link #settings} carry it as {@code endpoint_ca_certificate}, so the connectors trust it and
 * nothing else. S3Mock always opens a second, plain-HTTP port that Tomcat binds to every interface
 * whatever the address says; it is set to another random free port, and no test uses it. S3Mock
 * accepts any credentials, so tests of refused credentials use {@link TestingS3Refusal}.
 */
public final class TestingS3 {
  /** The secret references the settings of {@link #settings} carry. */
  public static final String ACCESS_KEY_REFERENCE = "env://AIRLOCK_TEST_S3_ACCESS_KEY";

  public static final String SECRET_KEY_REFERENCE = "env://AIRLOCK_TEST_S3_SECRET_KEY";

  private static final String ACCESS_KEY = "airlock-test-access-key";
  private static final String STORE_PASSWORD = "airlock-test-store";
  private static final String SECRET_KEY = "airlock-test-secret-key";
  private static final Path JAR = Path.of("target", "test-servers", "s3mock.jar");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private static TestingS3 shared;

  private final Path home;
  private final int port;
  private final Process process;
  private final String certificate;
  private final S3Client client;

  private TestingS3(Path home, int port, Process process) throws IOException {
    this.home = home;
    this.port = port;
    this.process = process;
    this.certificate = Files.readString(home.resolve("server.pem"), StandardCharsets.US_ASCII);
    TrustManager[] trust = trustManagers(home.resolve("server.p12"));
    this.client =
        S3Client.builder()
            .httpClientBuilder(Apache5HttpClient.builder().tlsTrustManagersProvider(() -> trust))
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create(endpoint()))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
  }

  /** The server of this JVM, started on first use. */
  public static synchronized TestingS3 shared() {
    if (shared == null) {
      shared = start();
      TestingS3 server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3-test-stop"));
    }
    return shared;
  }

  private static TestingS3 start() {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR.toAbsolutePath()
              + " is missing; the connectors build copies it (maven-dependency-plugin, phase"
              + " generate-test-resources): run the tests through Maven");
    }
    try {
      Path home = Files.createTempDirectory("airlock-s3-");
      makeCertificate(home);
      int port = freePort();
      int unusedHttpPort = freePort();
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      List<String> command =
          List.of(
              java.toString(),
              "-Xmx256m",
              "-jar",
              JAR.toAbsolutePath().toString(),
              "--server.address=127.0.0.1",
              "--server.port=" + port,
              "--server.ssl.enabled=true",
              "--server.ssl.key-store=" + home.resolve("server.p12"),
              "--server.ssl.key-store-type=PKCS12",
              "--server.ssl.key-store-password=" + STORE_PASSWORD,
              "--server.ssl.key-password=" + STORE_PASSWORD,
              "--server.ssl.key-alias=s3",
              "--http.port=" + unusedHttpPort,
              "--com.adobe.testing.s3mock.store.root=" + home.resolve("store"),
              "--spring.main.banner-mode=off");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(home.resolve("server.log").toFile())
              .start();
      TestingS3 s3 = new TestingS3(home, port, process);
      s3.awaitReady();
      return s3;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the S3 test server", e);
    }
  }

  /** A key pair and self-signed certificate for IP 127.0.0.1, and the certificate as PEM. */
  private static void makeCertificate(Path home) throws IOException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    String store = home.resolve("server.p12").toString();
    run(
        home,
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "s3",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-keystore",
            store,
            "-storetype",
            "PKCS12",
            "-storepass",
            STORE_PASSWORD,
            "-keypass",
            STORE_PASSWORD,
            "-dname",
            "CN=127.0.0.1",
            "-ext",
            "SAN=ip:127.0.0.1",
            "-validity",
            "2"));
    run(
        home,
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            "s3",
            "-keystore",
            store,
            "-storepass",
            STORE_PASSWORD,
            "-file",
            home.resolve("server.pem").toString()));
  }

  private static void run(Path home, List<String> command) throws IOException {
    Path log = home.resolve("keytool.log");
    Process tool =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
        tool.destroyForcibly();
        throw new IllegalStateException("keytool failed: " + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while making a certificate", e);
    }
  }

  private static TrustManager[] trustManagers(Path keyStore) throws IOException {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, STORE_PASSWORD.toCharArray());
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("s3", store.getCertificate("s3"));
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read the test server's certificate", e);
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    SdkException last = null;
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Mock exited with " + process.exitValue() + "; see " + home.resolve("server.log"));
      }
      try {
        client.listBuckets();
        return;
      } catch (SdkException e) {
        last = e;
        sleep();
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "S3Mock did not answer within " + START_TIMEOUT + "; see " + home.resolve("server.log"),
        last);
  }

  private static void sleep() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for S3Mock", e);
    }
  }

  public String endpoint() {
    return "https://127.0.0.1:" + port;
  }

  /** The server's certificate, PEM, for setting {@code endpoint_ca_certificate}. */
  public String certificate() {
    return certificate;
  }

  /** A client of the server, for test setup and checks. */
  public S3Client client() {
    return client;
  }

  /** Creates a bucket with a unique name starting with {@code name} and returns its name. */
  public String createBucket(String name) {
    String bucket = name + "-" + Long.toHexString(System.nanoTime());
    client.createBucket(request -> request.bucket(bucket));
    return bucket;
  }

  public void put(String bucket, String key, Path file) {
    client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromFile(file));
  }

  public void put(String bucket, String key, String text) {
    client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString(text));
  }

  /** Resolves the two secret references to the test credentials. */
  public static SecretResolver secrets() {
    return reference ->
        switch (reference) {
          case ACCESS_KEY_REFERENCE -> Secret.of(ACCESS_KEY);
          case SECRET_KEY_REFERENCE -> Secret.of(SECRET_KEY);
          default ->
              throw new IllegalArgumentException("Unknown secret reference in test: " + reference);
        };
  }

  /** The settings that reach {@code bucket} under {@code prefix} on this server. */
  public Map<String, Object> settings(String bucket, String prefix) {
    Map<String, Object> config = new HashMap<>();
    config.put("bucket", bucket);
    config.put("prefix", prefix);
    config.put("endpoint", endpoint());
    config.put("endpoint_ca_certificate", certificate);
    config.put("path_style_access", true);
    config.put("access_key_id", ACCESS_KEY_REFERENCE);
    config.put("secret_access_key", SECRET_KEY_REFERENCE);
    return config;
  }

  /** Stops the server by its process id and deletes its folder. */
  private void stop() {
    client.close();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteTree(home);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // A temp folder left behind is harmless.
    }
  }
}
