package io.airlock.connectors.files.s3;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A bucket and key prefix in Amazon S3 or an S3-compatible server, with the client that reaches it,
 * built from the {@code bucket}, {@code prefix}, {@code region}, {@code endpoint}, {@code
 * endpoint_ca_certificate}, {@code path_style_access}, {@code credentials}, {@code access_key_id}
 * and {@code secret_access_key} settings shared by {@code source-files} and {@code
 * destination-files}.
 *
 * <p>It never contacts anything it was not told to: the region is a setting, not looked up, and
 * credentials are the two secret references unless {@code credentials} is {@code default_chain},
 * which reads system properties, environment variables, a web identity token file and the local
 * profile files, never the instance-metadata or container-credentials addresses. Messages name the
 * bucket and key, never a credential.
 */
public final class S3Bucket implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(S3Bucket.class);

  static {
    // No lookup of region or credentials may reach the instance-metadata address.
    if (System.getProperty("aws.disableEc2Metadata") == null) {
      System.setProperty("aws.disableEc2Metadata", "true");
    }
  }

  private final String bucket;
  private final String prefix;
  private final String where;
  private final S3Client client;

  private S3Bucket(String bucket, String prefix, String where, S3Client client) {
    this.bucket = bucket;
    this.prefix = prefix;
    this.where = where;
    this.client = client;
  }

  /** Whether {@code settings} name a bucket, so the files live in S3 rather than a folder. */
  public static boolean isConfigured(ConnectorSettings settings) {
    return !settings.string("bucket", "").isBlank();
  }

  /** The bucket the settings name, with a client; fails naming the setting that is wrong. */
  public static S3Bucket open(ConnectorSettings settings) {
    String type = settings.type();
    String bucket = settings.requiredString("bucket").trim();
    if (!settings.string("path", "").isBlank()) {
      throw userError(type, "takes either 'path' (a folder) or 'bucket' (S3), not both");
    }
    String prefix = normalizePrefix(settings.string("prefix", ""));
    String endpoint = settings.string("endpoint", "").trim();
    String region = settings.string("region", "").trim();
    if (region.isEmpty()) {
      if (endpoint.isEmpty()) {
        throw userError(type, "needs setting 'region' (for example eu-west-1) for Amazon S3");
      }
      region = "us-east-1";
    }
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(httpClient(settings, endpoint))
            .region(Region.of(region))
            .credentialsProvider(credentials(settings, endpoint))
            .forcePathStyle(bool(settings, "path_style_access"))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (!endpoint.isEmpty()) {
      builder.endpointOverride(endpointUri(type, endpoint));
    }
    String where = endpoint.isEmpty() ? "Amazon S3 region " + region : endpoint;
    log.info("Using bucket {} (prefix '{}') at {}", bucket, prefix, where);
    return new S3Bucket(bucket, prefix, where, builder.build());
  }

  private static AwsCredentialsProvider credentials(ConnectorSettings settings, String endpoint) {
    String type = settings.type();
    String mode = settings.string("credentials", "access_keys").trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "default_chain" -> {
        log.info("Bucket credentials come from the local default chain (no metadata service)");
        return AwsCredentialsProviderChain.of(
            SystemPropertyCredentialsProvider.create(),
            EnvironmentVariableCredentialsProvider.create(),
            WebIdentityTokenFileCredentialsProvider.create(),
            ProfileCredentialsProvider.create());
      }
      case "access_keys" -> {
        if (settings.string("access_key_id", "").isBlank()
            || settings.string("secret_access_key", "").isBlank()) {
          throw userError(
              type,
              "needs settings 'access_key_id' and 'secret_access_key' (secret references) to"
                  + " reach "
                  + (endpoint.isEmpty() ? "Amazon S3" : endpoint)
                  + ", or 'credentials': 'default_chain' to use the data plane's own AWS"
                  + " credentials");
        }
        try (Secret id = settings.secret("access_key_id");
            Secret key = settings.secret("secret_access_key")) {
          return StaticCredentialsProvider.create(
              AwsBasicCredentials.create(id.reveal(), key.reveal()));
        }
      }
      default ->
          throw userError(type, "setting 'credentials' must be access_keys or default_chain");
    }
  }

  /**
   * The HTTP client: the JVM's trusted CAs, or only those in {@code endpoint_ca_certificate} (PEM)
   * for a server whose certificate a private CA signed.
   */
  private static Apache5HttpClient.Builder httpClient(ConnectorSettings settings, String endpoint) {
    Apache5HttpClient.Builder http =
        Apache5HttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60));
    String pem = settings.string("endpoint_ca_certificate", "").trim();
    if (pem.isEmpty()) {
      return http;
    }
    if (!endpoint.startsWith("https://")) {
      throw userError(
          settings.type(), "setting 'endpoint_ca_certificate' needs an https:// 'endpoint'");
    }
    TrustManager[] managers = trustManagers(settings.type(), pem);
    return http.tlsTrustManagersProvider(() -> managers);
  }

  private static TrustManager[] trustManagers(String type, String pem) {
    try {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        throw new CertificateException("no certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (CertificateException e) {
      throw userError(
          type,
          "setting 'endpoint_ca_certificate' must hold PEM certificates"
              + " (-----BEGIN CERTIFICATE-----)");
    } catch (GeneralSecurityException | IOException e) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Cannot build a trust store from setting 'endpoint_ca_certificate': "
              + e.getClass().getSimpleName(),
          e);
    }
  }

  private static URI endpointUri(String type, String endpoint) {
    try {
      URI uri = new URI(endpoint);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below.
    }
    throw userError(
        type, "setting 'endpoint' must be an http or https URL such as https://s3.example.com");
  }

  private static boolean bool(ConnectorSettings settings, String key) {
    String value = settings.string(key, "false");
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw userError(settings.type(), "setting '" + key + "' must be true or false");
    }
    return Boolean.parseBoolean(value);
  }

  /** {@code a/b} and {@code /a/b/} both become {@code a/b/}; blank stays blank. */
  static String normalizePrefix(String prefix) {
    String trimmed = prefix.trim();
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    return trimmed.isEmpty() || trimmed.endsWith("/") ? trimmed : trimmed + "/";
  }

  private static ConnectorException userError(String type, String problem) {
    return new ConnectorException(
        ConnectorException.Kind.USER, "Connector " + type + " " + problem);
  }

  public S3Client client() {
    return client;
  }

  public String bucket() {
    return bucket;
  }

  /** The key prefix, empty or ending with {@code /}. */
  public String prefix() {
    return prefix;
  }

  /** The object key of {@code relative}, a path below the prefix. */
  public String key(String relative) {
    return prefix + relative;
  }

  /** {@code s3://bucket/prefix/relative}, for messages and logs. */
  public String describe(String relative) {
    return "s3://" + bucket + "/" + prefix + relative;
  }

  /** Checks that the bucket exists and these credentials may use it. */
  public void check() {
    try {
      client.headBucket(request -> request.bucket(bucket));
    } catch (SdkException e) {
      throw error("reach", "", e);
    }
  }

  /**
   * A {@link ConnectorException} for a failed request: what was done to which object ({@code
   * relative} below the prefix, or empty for the bucket itself), and what to do. It carries the
   * error code and HTTP status of the server's answer, never its message text, which may echo a
   * signature.
   */
  public ConnectorException error(String action, String relative, SdkException e) {
    String target = relative.isEmpty() ? "bucket " + bucket : describe(relative);
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
      int status = service.statusCode();
      String answer = " (" + (code == null || code.isEmpty() ? "" : code + ", ") + status + ")";
      if ("NoSuchBucket".equals(code) || (status == 404 && relative.isEmpty())) {
        return new ConnectorException(
            ConnectorException.Kind.USER,
            "Bucket "
                + bucket
                + " does not exist at "
                + where
                + answer
                + "; create it or fix setting 'bucket'",
            e);
      }
      if (status == 401 || status == 403) {
        return new ConnectorException(
            ConnectorException.Kind.USER,
            "Access to bucket "
                + bucket
                + " at "
                + where
                + " was refused"
                + answer
                + " when trying to "
                + action
                + " "
                + target
                + "; check the secrets named by 'access_key_id' and 'secret_access_key' and the"
                + " bucket's policy",
            e);
      }
      return new ConnectorException(
          status >= 500 ? ConnectorException.Kind.EXTERNAL : ConnectorException.Kind.USER,
          "Cannot " + action + " " + target + " at " + where + answer,
          e);
    }
    if (causedByTls(e)) {
      return new ConnectorException(
          ConnectorException.Kind.USER,
          "Cannot "
              + action
              + " "
              + target
              + ": the TLS connection to "
              + where
              + " failed (its certificate is not trusted or does not name the host); set"
              + " 'endpoint_ca_certificate' to the CA that signed it, or fix 'endpoint'",
          e);
    }
    return new ConnectorException(
        ConnectorException.Kind.EXTERNAL,
        "Cannot "
            + action
            + " "
            + target
            + ": "
            + where
            + " did not answer ("
            + e.getClass().getSimpleName()
            + "); check setting 'endpoint' and the network",
        e);
  }

  private static boolean causedByTls(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    client.close();
  }
}
