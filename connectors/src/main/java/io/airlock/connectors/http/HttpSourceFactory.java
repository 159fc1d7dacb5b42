package io.airlock.connectors.http;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Source;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The {@code source-http} connector: JSON APIs whose streams are declared in YAML. Its settings are
 * described in {@code source-http.json} and {@code docs/source-http.md}.
 */
public final class HttpSourceFactory implements ConnectorFactory {
  public static final String TYPE = "source-http";

  /** Integer settings and their defaults, as {@code source-http.json} states them. */
  static final Map<String, Integer> INTEGER_DEFAULTS =
      Map.of(
          "timeout_seconds", 60,
          "max_attempts", 5,
          "initial_backoff_millis", 1_000,
          "max_backoff_seconds", 60,
          "max_retry_after_seconds", 300);

  /** Address settings; each is false (refused) unless set. */
  static final List<String> ADDRESS_SETTINGS =
      List.of("allow_loopback", "allow_link_local", "allow_cloud_metadata");

  private final HttpFetcher.Sleeper sleeper;
  private final AddressGuard.Resolver resolver;
  private final UnaryOperator<HttpClient> clients;

  public HttpSourceFactory() {
    this(Thread::sleep, InetAddress::getAllByName, UnaryOperator.identity());
  }

  /**
   * A factory whose sources wait, resolve names and send requests through the given functions
   * (tests): {@code clients} may wrap the JDK client its sources build.
   */
  HttpSourceFactory(
      HttpFetcher.Sleeper sleeper,
      AddressGuard.Resolver resolver,
      UnaryOperator<HttpClient> clients) {
    this.sleeper = sleeper;
    this.resolver = resolver;
    this.clients = clients;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Source createSource(ConnectorSettings settings) {
    URI baseUrl = url(settings.requiredString("base_url"), "base_url");
    List<StreamSpec> streams = StreamDeclarations.parse(yaml(settings));
    AddressGuard guard =
        new AddressGuard(
            bool(settings, "allow_loopback"),
            bool(settings, "allow_link_local"),
            bool(settings, "allow_cloud_metadata"),
            resolver);
    Duration timeout = Duration.ofSeconds(positive(settings, "timeout_seconds"));
    HttpClient client =
        clients.apply(
            HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(timeout)
                .build());
    HttpAuth auth = auth(settings);
    HttpFetcher fetcher =
        new HttpFetcher(
            client,
            guard,
            auth,
            baseUrl,
            retries(settings),
            timeout,
            sleeper,
            RandomGenerator.getDefault());
    return new HttpSource(baseUrl, streams, fetcher, client, auth);
  }

  private static String yaml(ConnectorSettings settings) {
    String text = settings.string("streams", null);
    String file = settings.string("streams_file", null);
    if ((text == null) == (file == null)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector "
              + TYPE
              + " needs exactly one of the settings 'streams' (YAML text) and"
              + " 'streams_file' (a YAML file on the data plane)");
    }
    if (text != null) {
      return text;
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + TYPE + " cannot read the file of setting 'streams_file'; check the path",
          e);
    }
  }

  private static HttpFetcher.Retries retries(ConnectorSettings settings) {
    return new HttpFetcher.Retries(
        positive(settings, "max_attempts"),
        Duration.ofMillis(positive(settings, "initial_backoff_millis")),
        Duration.ofSeconds(positive(settings, "max_backoff_seconds")),
        Duration.ofSeconds(positive(settings, "max_retry_after_seconds")));
  }

  private static HttpAuth auth(ConnectorSettings settings) {
    Map<String, Object> auth = settings.object("auth");
    String kind = String.valueOf(auth.getOrDefault("kind", "none")).toLowerCase(Locale.ROOT);
    return switch (kind) {
      case "none" -> new HttpAuth.None();
      case "bearer" -> new HttpAuth.Bearer(settings.secret("auth", "token"));
      case "basic" ->
          new HttpAuth.Basic(member(auth, "username"), settings.secret("auth", "password"));
      case "api_key" ->
          new HttpAuth.ApiKey(
              member(auth, "name"), apiKeyInQuery(auth), settings.secret("auth", "key"));
      case "oauth2_client_credentials" ->
          new HttpAuth.ClientCredentials(
              url(member(auth, "token_url"), "auth.token_url"),
              member(auth, "client_id"),
              settings.secret("auth", "client_secret"),
              scopes(auth.get("scopes")));
      default ->
          throw new ConnectorException(
              ConnectorException.Kind.USER,
              "Connector "
                  + TYPE
                  + " setting 'auth.kind' must be none, bearer, basic, api_key or"
                  + " oauth2_client_credentials");
    };
  }

  private static boolean apiKeyInQuery(Map<String, Object> auth) {
    String in = String.valueOf(auth.getOrDefault("in", "header")).toLowerCase(Locale.ROOT);
    if (!in.equals("header") && !in.equals("query")) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + TYPE + " setting 'auth.in' must be header or query");
    }
    return in.equals("query");
  }

  private static List<String> scopes(Object scopes) {
    if (scopes == null) {
      return List.of();
    }
    if (scopes instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of(String.valueOf(scopes).trim().split("\\s+"));
  }

  private static String member(Map<String, Object> auth, String member) {
    Object value = auth.get(member);
    if (value == null || value.toString().isBlank()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + TYPE + " setting 'auth." + member + "' is missing");
    }
    return value.toString();
  }

  private static URI url(String text, String key) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ConnectorException(
        ConnectorException.Kind.USER,
        "Connector " + TYPE + " setting '" + key + "' must be an absolute http or https URL");
  }

  private static boolean bool(ConnectorSettings settings, String key) {
    String value = settings.string(key, "false");
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new ConnectorException(
        ConnectorException.Kind.USER,
        "Connector " + TYPE + " setting '" + key + "' must be true or false");
  }

  private static int positive(ConnectorSettings settings, String key) {
    int value = settings.integer(key, INTEGER_DEFAULTS.get(key));
    if (value < 1) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + TYPE + " setting '" + key + "' must be at least 1");
    }
    return value;
  }
}
