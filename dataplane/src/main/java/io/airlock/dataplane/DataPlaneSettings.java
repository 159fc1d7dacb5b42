package io.airlock.dataplane;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a data plane runs.
 *
 * @param controlPlane the control plane's HTTPS address, for example {@code
 *     https://cp.example.com:8443}; may be null on a later start, when the address stored at
 *     enrollment is used
 * @param enrollmentToken one-time token from {@code airlock dataplanes create}; needed only to
 *     enroll (first start, or re-enrollment with a new token); null otherwise
 * @param workDir folder holding the key, certificates and identity; default {@code
 *     $AIRLOCK_HOME/dataplane/default} ({@code AIRLOCK_HOME} defaults to {@code ~/.airlock})
 * @param proxy HTTP proxy for the connection to the control plane, as {@code http://host:port} or
 *     {@code host:port}; null for a direct connection
 * @param checkpointRecords records written per stream between two checkpoints (commits); default
 *     100,000
 * @param pollWait how long one long-poll for a lease waits on the control plane; default 25 s, at
 *     most 30 s
 * @param allowedPaths the folders of this host that connectors may read and write (files, DuckDB
 *     databases, external executables); none by default, and never the work folder
 */
public record DataPlaneSettings(
    URI controlPlane,
    String enrollmentToken,
    Path workDir,
    URI proxy,
    int checkpointRecords,
    Duration pollWait,
    List<Path> allowedPaths) {

  /** Records per checkpoint when none is configured. */
  public static final int DEFAULT_CHECKPOINT_RECORDS = 100_000;

  /** Long-poll wait when none is configured. */
  public static final Duration DEFAULT_POLL_WAIT = Duration.ofSeconds(25);

  /** The longest long-poll the control plane accepts. */
  public static final Duration MAX_POLL_WAIT = Duration.ofSeconds(30);

  public DataPlaneSettings {
    workDir = workDir == null ? defaultWorkDir(System.getenv()) : workDir;
    pollWait = pollWait == null ? DEFAULT_POLL_WAIT : pollWait;
    if (checkpointRecords <= 0) {
      throw new IllegalArgumentException(
          "checkpointRecords must be positive, was " + checkpointRecords);
    }
    if (pollWait.compareTo(Duration.ofSeconds(1)) < 0 || pollWait.compareTo(MAX_POLL_WAIT) > 0) {
      throw new IllegalArgumentException("pollWait must be between 1 s and 30 s, was " + pollWait);
    }
    proxy = proxy == null ? null : normalizeProxy(proxy);
    allowedPaths = allowedPaths == null ? List.of() : List.copyOf(allowedPaths);
  }

  /** Settings that allow connectors no local path. */
  public DataPlaneSettings(
      URI controlPlane,
      String enrollmentToken,
      Path workDir,
      URI proxy,
      int checkpointRecords,
      Duration pollWait) {
    this(controlPlane, enrollmentToken, workDir, proxy, checkpointRecords, pollWait, List.of());
  }

  /** Settings with the default checkpoint size and poll wait. */
  public DataPlaneSettings(URI controlPlane, String enrollmentToken, Path workDir, URI proxy) {
    this(
        controlPlane,
        enrollmentToken,
        workDir,
        proxy,
        DEFAULT_CHECKPOINT_RECORDS,
        DEFAULT_POLL_WAIT);
  }

  /** Settings with every default: no token, default work dir, no proxy. */
  public static DataPlaneSettings defaults(URI controlPlane) {
    return new DataPlaneSettings(controlPlane, null, null, null);
  }

  public DataPlaneSettings withEnrollmentToken(String token) {
    return new DataPlaneSettings(
        controlPlane, token, workDir, proxy, checkpointRecords, pollWait, allowedPaths);
  }

  public DataPlaneSettings withWorkDir(Path dir) {
    return new DataPlaneSettings(
        controlPlane, enrollmentToken, dir, proxy, checkpointRecords, pollWait, allowedPaths);
  }

  public DataPlaneSettings withProxy(URI newProxy) {
    return new DataPlaneSettings(
        controlPlane,
        enrollmentToken,
        workDir,
        newProxy,
        checkpointRecords,
        pollWait,
        allowedPaths);
  }

  public DataPlaneSettings withCheckpointRecords(int records) {
    return new DataPlaneSettings(
        controlPlane, enrollmentToken, workDir, proxy, records, pollWait, allowedPaths);
  }

  public DataPlaneSettings withPollWait(Duration wait) {
    return new DataPlaneSettings(
        controlPlane, enrollmentToken, workDir, proxy, checkpointRecords, wait, allowedPaths);
  }

  /** Settings whose connectors may use {@code folders} of this host. */
  public DataPlaneSettings withAllowedPaths(List<Path> folders) {
    return new DataPlaneSettings(
        controlPlane, enrollmentToken, workDir, proxy, checkpointRecords, pollWait, folders);
  }

  /**
   * {@code $AIRLOCK_HOME/dataplane/default}, with {@code AIRLOCK_HOME} defaulting to {@code
   * ~/.airlock}.
   */
  public static Path defaultWorkDir(Map<String, String> environment) {
    requireNonNull(environment, "environment is null");
    String home = environment.get("AIRLOCK_HOME");
    Path airlockHome =
        home == null || home.isBlank()
            ? Path.of(System.getProperty("user.home"), ".airlock")
            : Path.of(home);
    return airlockHome.resolve("dataplane").resolve("default");
  }

  /** Accepts {@code host:port} as well as {@code http://host:port}. */
  private static URI normalizeProxy(URI proxy) {
    URI uri =
        proxy.getScheme() != null && proxy.getHost() != null
            ? proxy
            : URI.create("http://" + proxy);
    if (uri.getHost() == null || uri.getPort() <= 0) {
      throw new IllegalArgumentException(
          "Invalid proxy " + proxy + ": expected host:port or http://host:port");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException(
          "Invalid proxy " + proxy + ": only HTTP proxies (http://host:port) are supported");
    }
    return uri;
  }

  /** Never prints the enrollment token. */
  @Override
  public String toString() {
    return "DataPlaneSettings[controlPlane="
        + controlPlane
        + ", enrollmentToken="
        + (enrollmentToken == null ? "none" : "<redacted>")
        + ", workDir="
        + workDir
        + ", proxy="
        + proxy
        + ", checkpointRecords="
        + checkpointRecords
        + ", allowedPaths="
        + allowedPaths
        + ", pollWait="
        + pollWait
        + "]";
  }
}
