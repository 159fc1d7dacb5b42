package io.airlock.controlplane;

import static java.util.Objects.requireNonNull;

import io.airlock.controlplane.auth.AdminTokens;
import io.airlock.controlplane.database.EmbeddedDatabase;
import io.airlock.controlplane.tls.CertificateAuthority;
import io.airlock.controlplane.tls.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.context.support.StandardServletEnvironment;

/**
 * A running control plane: HTTPS API, certificate authority, job queue and schedules, over
 * PostgreSQL (embedded unless configured). Start one with {@link #start(ControlPlaneSettings)};
 * {@link #close()} stops the web server, the scheduler and the embedded database.
 */
public final class ControlPlane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
  private static final String BUNDLE = "spring.ssl.bundle.pem.airlock-server.";
  private static final String NO_CONFIG_FILES =
      "optional:classpath:/io/airlock/controlplane/no-such-config.properties";
  private static final String CIPHERS =
      String.join(
          ",",
          "TLS_AES_256_GCM_SHA384",
          "TLS_AES_128_GCM_SHA256",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private final ConfigurableApplicationContext context;
  private final EmbeddedDatabase database;
  private final CertificateAuthority ca;
  private final URI baseUrl;
  private final String databaseUrl;
  private final String newAdminToken;

  private ControlPlane(
      ConfigurableApplicationContext context,
      EmbeddedDatabase database,
      CertificateAuthority ca,
      URI baseUrl,
      String databaseUrl,
      String newAdminToken) {
    this.context = context;
    this.database = database;
    this.ca = ca;
    this.baseUrl = baseUrl;
    this.databaseUrl = databaseUrl;
    this.newAdminToken = newAdminToken;
  }

  /**
   * Starts a control plane and returns once it serves HTTPS. On the very first start over a
   * database it creates the CA, the server certificate and the admin token.
   */
  public static ControlPlane start(ControlPlaneSettings settings) {
    requireNonNull(settings, "settings is null");
    createDirectories(settings.dataDir());
    Path tlsDir = settings.dataDir().resolve("tls");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tlsDir);
    ServerTls tls =
        settings.serverCertificate() == null
            ? ServerTls.issued(tlsDir, ca, settings.bindAddress())
            : ServerTls.provided(settings.serverCertificate(), settings.serverPrivateKey(), ca);
    EmbeddedDatabase database =
        settings.databaseUrl() == null
            ? EmbeddedDatabase.start(settings.dataDir().resolve("postgres"))
            : null;
    try {
      return startApplication(settings, ca, tls, database);
    } catch (RuntimeException e) {
      if (database != null) {
        database.close();
      }
      throw e;
    }
  }

  private static ControlPlane startApplication(
      ControlPlaneSettings settings,
      CertificateAuthority ca,
      ServerTls tls,
      EmbeddedDatabase database) {
    String jdbcUrl = database == null ? settings.databaseUrl() : database.jdbcUrl();
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ControlPlaneApplication.class)
            .environment(isolated(properties(settings, tls, jdbcUrl, database == null)))
            .initializers(
                ctx -> {
                  ctx.getBeanFactory().registerSingleton("controlPlaneSettings", settings);
                  ctx.getBeanFactory().registerSingleton("certificateAuthority", ca);
                })
            .registerShutdownHook(false)
            .run();
    try {
      String token = context.getBean(AdminTokens.class).createFirstIfNone().orElse(null);
      if (token != null && settings.adminTokenFile() != null) {
        writeOwnerOnly(settings.adminTokenFile(), token);
      }
      int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
      URI baseUrl = URI.create("https://" + urlHost(settings.bindAddress()) + ":" + port);
      log.info("Control plane started on {}", baseUrl);
      return new ControlPlane(context, database, ca, baseUrl, jdbcUrl, token);
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /**
   * An environment holding only {@code properties}: {@link ControlPlaneSettings} is the one way to
   * configure a control plane, so environment variables, system properties and stray {@code
   * application.properties} files of the host cannot turn TLS or authentication off.
   */
  private static StandardServletEnvironment isolated(Map<String, Object> properties) {
    StandardServletEnvironment environment = new StandardServletEnvironment();
    MutablePropertySources sources = environment.getPropertySources();
    sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    sources.addFirst(new MapPropertySource("airlockControlPlaneSettings", properties));
    return environment;
  }

  private static Map<String, Object> properties(
      ControlPlaneSettings settings, ServerTls tls, String jdbcUrl, boolean external) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.config.location", NO_CONFIG_FILES);
    properties.put("spring.main.banner-mode", "off");
    properties.put("spring.main.log-startup-info", "false");
    properties.put("spring.threads.virtual.enabled", "true");
    properties.put("spring.jmx.enabled", "false");
    properties.put("server.address", settings.bindAddress());
    properties.put("server.port", String.valueOf(settings.port()));
    properties.put("server.error.whitelabel.enabled", "false");
    properties.put("server.ssl.bundle", "airlock-server");
    properties.put("server.ssl.client-auth", "want");
    properties.put(BUNDLE + "keystore.certificate", fileUrl(tls.certificateFile()));
    properties.put(BUNDLE + "keystore.private-key", fileUrl(tls.privateKeyFile()));
    properties.put(BUNDLE + "truststore.certificate", fileUrl(tls.trustedCaFile()));
    properties.put(BUNDLE + "options.enabled-protocols", "TLSv1.3,TLSv1.2");
    properties.put(BUNDLE + "options.ciphers", CIPHERS);
    properties.put("spring.datasource.url", jdbcUrl);
    properties.put("spring.datasource.hikari.maximum-pool-size", "10");
    if (external && settings.databaseUser() != null) {
      properties.put("spring.datasource.username", settings.databaseUser());
    }
    if (external && settings.databasePassword() != null) {
      properties.put("spring.datasource.password", settings.databasePassword().reveal());
    }
    quietLibraries(properties);
    // Tomcat warns that TLS 1.3 cannot ask for a certificate after the handshake; it never
    // needs to, because the certificate is requested in the handshake itself.
    properties.put("logging.level.org.apache.tomcat.util.net.SSLUtilBase", "ERROR");
    return properties;
  }

  private static void quietLibraries(Map<String, Object> properties) {
    for (String logger :
        new String[] {
          "org.springframework",
          "org.apache",
          "org.flywaydb",
          "com.zaxxer",
          "com.github.kagkarlsson",
          "io.zonky"
        }) {
      properties.put("logging.level." + logger, "WARN");
    }
  }

  /** Where the API is served, for example {@code https://127.0.0.1:8443}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The PEM file of the CA certificate that data planes and CLI clients trust. */
  public Path caCertificate() {
    return ca.certificateFile();
  }

  /** Hex SHA-256 of the CA certificate's DER, as carried by enrollment tokens. */
  public String caFingerprint() {
    return ca.fingerprint();
  }

  /** The admin token created by this start; present only on the very first start. */
  public Optional<String> newAdminToken() {
    return Optional.ofNullable(newAdminToken);
  }

  /** JDBC URL of the control plane's database (no credentials), for operators and tests. */
  public String databaseUrl() {
    return databaseUrl;
  }

  /** A bean of the running application; for tests in this package. */
  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** A named bean of the running application; for tests in this package. */
  <T> T bean(String name, Class<T> type) {
    return context.getBean(name, type);
  }

  @Override
  public void close() {
    try {
      context.close();
    } finally {
      if (database != null) {
        database.close();
      }
      log.info("Control plane stopped");
    }
  }

  private static String urlHost(String bindAddress) {
    if (bindAddress.equals("0.0.0.0") || bindAddress.equals("::")) {
      return "127.0.0.1";
    }
    return bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
  }

  private static String fileUrl(Path file) {
    return "file:" + file.toAbsolutePath();
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data folder " + dir, e);
    }
  }

  private static void writeOwnerOnly(Path file, String token) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = parent.resolve(file.getFileName() + ".tmp");
      Files.deleteIfExists(temporary);
      Files.createFile(
          temporary,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temporary, token + "\n", StandardCharsets.US_ASCII);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the admin token file " + file + "; check the folder's permissions", e);
    }
  }
}
