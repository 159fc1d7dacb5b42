package io.airlock.controlplane;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a control plane runs. Build one from {@link #defaults(Path)} or {@link #builder()}.
 *
 * @param dataDir home of the embedded database ({@code postgres/}), the TLS material ({@code tls/})
 *     and, by default, the admin token file; default {@code $AIRLOCK_HOME/controlplane}
 * @param bindAddress address the HTTPS server listens on; default {@code 127.0.0.1}
 * @param port HTTPS port; default 8443, 0 picks a free port
 * @param databaseUrl JDBC URL of an external PostgreSQL; null (the default) starts an embedded
 *     PostgreSQL 17 whose data lives in {@code <dataDir>/postgres} across restarts
 * @param databaseUser user of the external database; ignored when {@code databaseUrl} is null
 * @param databasePassword password of the external database, or null
 * @param adminTokenFile where the admin token created on the very first start is also written, with
 *     mode 0600; null writes it nowhere; default {@code <dataDir>/admin-token}
 * @param serverCertificate PEM server certificate chain to use instead of one issued by the control
 *     plane's own CA; null (the default) issues one
 * @param serverPrivateKey PEM private key of {@code serverCertificate}; null with it
 * @param leaseDuration how long a data plane holds a job without a heartbeat; default 60 s
 * @param enrollmentTokenTtl how long an enrollment token stays usable; default 1 h
 * @param clientCertificateLifetime lifetime of data-plane client certificates; default 24 h
 */
public record ControlPlaneSettings(
    Path dataDir,
    String bindAddress,
    int port,
    String databaseUrl,
    String databaseUser,
    DatabasePassword databasePassword,
    Path adminTokenFile,
    Path serverCertificate,
    Path serverPrivateKey,
    Duration leaseDuration,
    Duration enrollmentTokenTtl,
    Duration clientCertificateLifetime) {

  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_PORT = 8443;
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(60);
  public static final Duration DEFAULT_ENROLLMENT_TOKEN_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_CLIENT_CERTIFICATE_LIFETIME = Duration.ofHours(24);
  public static final String ADMIN_TOKEN_FILE_NAME = "admin-token";

  public ControlPlaneSettings {
    requireNonNull(dataDir, "dataDir is null");
    requireNonNull(bindAddress, "bindAddress is null");
    requireNonNull(leaseDuration, "leaseDuration is null");
    requireNonNull(enrollmentTokenTtl, "enrollmentTokenTtl is null");
    requireNonNull(clientCertificateLifetime, "clientCertificateLifetime is null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Invalid port " + port + ": use 0 to 65535");
    }
    if ((serverCertificate == null) != (serverPrivateKey == null)) {
      throw new IllegalArgumentException(
          "Invalid TLS settings: give both serverCertificate and serverPrivateKey, or neither");
    }
    requirePositive(leaseDuration, "leaseDuration");
    requirePositive(enrollmentTokenTtl, "enrollmentTokenTtl");
    requirePositive(clientCertificateLifetime, "clientCertificateLifetime");
  }

  /** The defaults, with every file under {@code dataDir}. */
  public static ControlPlaneSettings defaults(Path dataDir) {
    return new Builder(dataDir).build();
  }

  /** A builder starting from the defaults under {@link #defaultDataDir()}. */
  public static Builder builder() {
    return new Builder(defaultDataDir());
  }

  /** {@code $AIRLOCK_HOME/controlplane}, where {@code AIRLOCK_HOME} defaults to ~/.airlock. */
  public static Path defaultDataDir() {
    String home = System.getenv("AIRLOCK_HOME");
    Path airlockHome =
        home == null || home.isBlank()
            ? Path.of(System.getProperty("user.home"), ".airlock")
            : Path.of(home);
    return airlockHome.resolve("controlplane");
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder builder = new Builder(dataDir);
    builder.bindAddress = bindAddress;
    builder.port = port;
    builder.databaseUrl = databaseUrl;
    builder.databaseUser = databaseUser;
    builder.databasePassword = databasePassword;
    builder.adminTokenFile = adminTokenFile;
    builder.adminTokenFileSet = true;
    builder.serverCertificate = serverCertificate;
    builder.serverPrivateKey = serverPrivateKey;
    builder.leaseDuration = leaseDuration;
    builder.enrollmentTokenTtl = enrollmentTokenTtl;
    builder.clientCertificateLifetime = clientCertificateLifetime;
    return builder;
  }

  @Override
  public String toString() {
    return "ControlPlaneSettings[dataDir="
        + dataDir
        + ", bindAddress="
        + bindAddress
        + ", port="
        + port
        + ", embeddedDatabase="
        + (databaseUrl == null)
        + "]";
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("Invalid " + name + ": it must be positive");
    }
  }

  /** Builds {@link ControlPlaneSettings}; every field starts at its default. */
  public static final class Builder {
    private Path dataDir;
    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private int port = DEFAULT_PORT;
    private String databaseUrl;
    private String databaseUser;
    private DatabasePassword databasePassword;
    private Path adminTokenFile;
    private boolean adminTokenFileSet;
    private Path serverCertificate;
    private Path serverPrivateKey;
    private Duration leaseDuration = DEFAULT_LEASE_DURATION;
    private Duration enrollmentTokenTtl = DEFAULT_ENROLLMENT_TOKEN_TTL;
    private Duration clientCertificateLifetime = DEFAULT_CLIENT_CERTIFICATE_LIFETIME;

    private Builder(Path dataDir) {
      this.dataDir = requireNonNull(dataDir, "dataDir is null");
    }

    /** Sets the data folder; the default admin token file moves with it. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = requireNonNull(dataDir, "dataDir is null");
      return this;
    }

    public Builder bindAddress(String bindAddress) {
      this.bindAddress = requireNonNull(bindAddress, "bindAddress is null");
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** An external PostgreSQL; null keeps the embedded one. */
    public Builder database(String url, String user, String password) {
      this.databaseUrl = url;
      this.databaseUser = user;
      this.databasePassword = DatabasePassword.ofNullable(password);
      return this;
    }

    /** Where to also write the first admin token (mode 0600); null writes it nowhere. */
    public Builder adminTokenFile(Path adminTokenFile) {
      this.adminTokenFile = adminTokenFile;
      this.adminTokenFileSet = true;
      return this;
    }

    /** Own server certificate chain and key (PEM files) instead of CA-issued ones. */
    public Builder serverCertificate(Path certificate, Path privateKey) {
      this.serverCertificate = certificate;
      this.serverPrivateKey = privateKey;
      return this;
    }

    public Builder leaseDuration(Duration leaseDuration) {
      this.leaseDuration = leaseDuration;
      return this;
    }

    public Builder enrollmentTokenTtl(Duration enrollmentTokenTtl) {
      this.enrollmentTokenTtl = enrollmentTokenTtl;
      return this;
    }

    public Builder clientCertificateLifetime(Duration clientCertificateLifetime) {
      this.clientCertificateLifetime = clientCertificateLifetime;
      return this;
    }

    public ControlPlaneSettings build() {
      Path tokenFile = adminTokenFileSet ? adminTokenFile : dataDir.resolve(ADMIN_TOKEN_FILE_NAME);
      return new ControlPlaneSettings(
          dataDir,
          bindAddress,
          port,
          databaseUrl,
          databaseUser,
          databasePassword,
          tokenFile,
          serverCertificate,
          serverPrivateKey,
          leaseDuration,
          enrollmentTokenTtl,
          clientCertificateLifetime);
    }
  }
}
