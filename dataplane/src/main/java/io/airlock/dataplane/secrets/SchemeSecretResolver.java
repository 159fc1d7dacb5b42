package io.airlock.dataplane.secrets;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Picks the resolver for a reference's scheme after validating the reference with {@link
 * io.airlock.protocol.secrets.SecretReference}'s rules, the control plane's own. The secret-manager
 * schemes ({@code vault://} and others) are refused there with a clear message.
 */
public final class SchemeSecretResolver implements SecretResolver {
  private final Map<String, SecretResolver> resolvers;

  public SchemeSecretResolver(Map<String, SecretResolver> resolvers) {
    this.resolvers = Map.copyOf(requireNonNull(resolvers, "resolvers is null"));
  }

  /** {@code env://} from the process environment and {@code file://}. */
  public static SchemeSecretResolver standard() {
    return standard(List.of());
  }

  /** Like {@link #standard()}, refusing {@code file://} references inside {@code denied}. */
  public static SchemeSecretResolver standard(List<Path> denied) {
    return new SchemeSecretResolver(
        Map.of("env", new EnvSecretResolver(), "file", new FileSecretResolver(denied)));
  }

  @Override
  public Secret resolve(String reference) {
    String scheme = SecretReferences.parse(reference).scheme();
    SecretResolver resolver = resolvers.get(scheme);
    if (resolver == null) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "No resolver is configured for " + scheme + ":// references in this data plane");
    }
    return resolver.resolve(reference);
  }
}
