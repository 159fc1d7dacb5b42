package io.airlock.connectors.http;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Decides, after DNS resolution and before any connection, whether a URL may be requested. It is
 * asked for every request: the first page, every next page, every redirect hop and the OAuth2 token
 * endpoint.
 *
 * <p>Refused unless a setting allows them: loopback addresses ({@code allow_loopback}), link-local
 * addresses 169.254.0.0/16 and fe80::/10 ({@code allow_link_local}), and cloud metadata endpoints
 * ({@code allow_cloud_metadata}): 169.254.169.254, 100.100.100.200, fd00:ec2::254 and the name
 * {@code metadata.google.internal}. Private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) are
 * allowed, since the data plane runs inside the network whose APIs it reads.
 *
 * <p>Known shortcoming (issue #3): the HTTP client resolves the name again when it connects, so a
 * name whose DNS answer changes between the two look-ups (DNS rebinding) is not caught.
 */
final class AddressGuard {
  /** Resolves a host name to its addresses; {@link InetAddress#getAllByName} outside tests. */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final Set<String> METADATA_NAMES =
      Set.of("metadata.google.internal", "metadata.goog");
  private static final Set<String> METADATA_ADDRESSES =
      Set.of("169.254.169.254", "100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

  private final boolean allowLoopback;
  private final boolean allowLinkLocal;
  private final boolean allowCloudMetadata;
  private final Resolver resolver;

  AddressGuard(
      boolean allowLoopback,
      boolean allowLinkLocal,
      boolean allowCloudMetadata,
      Resolver resolver) {
    this.allowLoopback = allowLoopback;
    this.allowLinkLocal = allowLinkLocal;
    this.allowCloudMetadata = allowCloudMetadata;
    this.resolver = requireNonNull(resolver, "resolver is null");
  }

  /**
   * Throws a USER {@link ConnectorException} naming {@code what} (a stream or the token endpoint)
   * when {@code uri} is not an http(s) URL or resolves to a refused address.
   */
  void check(URI uri, String what) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw refused(what, "a URL with scheme '" + scheme + "'", "use an http or https URL");
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw refused(what, "a URL without a host", "give an absolute http(s) URL");
    }
    String name = host.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    if (!allowCloudMetadata && METADATA_NAMES.contains(name)) {
      throw refused(what, host + ", a cloud metadata endpoint", "allow_cloud_metadata");
    }
    for (InetAddress address : resolve(host, what)) {
      checkAddress(host, address, what);
    }
  }

  private InetAddress[] resolve(String host, String what) {
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try {
      return resolver.resolve(literal);
    } catch (UnknownHostException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot resolve host " + host + " for " + what + "; check setting 'base_url' and DNS");
    }
  }

  private void checkAddress(String host, InetAddress address, String what) {
    if (!allowCloudMetadata && METADATA_ADDRESSES.contains(address.getHostAddress())) {
      throw refused(what, host + ", a cloud metadata address", "allow_cloud_metadata");
    }
    if (!allowLinkLocal && address.isLinkLocalAddress()) {
      throw refused(what, host + ", a link-local address", "allow_link_local");
    }
    if (!allowLoopback && (address.isLoopbackAddress() || address.isAnyLocalAddress())) {
      throw refused(what, host + ", a loopback address", "allow_loopback");
    }
  }

  private static ConnectorException refused(String what, String target, String settingOrAdvice) {
    String advice =
        settingOrAdvice.startsWith("allow_")
            ? "set " + settingOrAdvice + " to true only if the API really lives there"
            : settingOrAdvice;
    return new ConnectorException(
        ConnectorException.Kind.USER,
        "Refusing to connect for " + what + " to " + target + "; " + advice);
  }
}
