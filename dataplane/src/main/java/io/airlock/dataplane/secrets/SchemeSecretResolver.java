package io.airlock.dataplane.secrets;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import java.util.Map;

/**
 * Picks the resolver for a reference's scheme. {@code env://} and {@code file://} are supported;
 * the vault schemes are recognised and refused with a clear message.
 */
public final class SchemeSecretResolver implements SecretResolver {
  private final Map<String, SecretResolver> resolvers;

  public SchemeSecretResolver(Map<String, SecretResolver> resolvers) {
    this.resolvers = Map.copyOf(requireNonNull(resolvers, "resolvers is null"));
  }

  /** {@code env://} from the process environment and {@code file://}. */
  public static SchemeSecretResolver standard() {
    return new SchemeSecretResolver(
        Map.of("env", new EnvSecretResolver(), "file", new FileSecretResolver()));
  }

  @Override
  public Secret resolve(String reference) {
    String scheme = SecretReferences.parse(reference).scheme();
    SecretResolver resolver = resolvers.get(scheme);
    if (resolver == null) {
      // Issue #2 ships env:// and file:// only; vault and cloud secret managers come later.
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Secret references with "
              + scheme
              + ":// are not supported yet: their resolver lands in a later issue; use env:// or"
              + " file:// for now");
    }
    return resolver.resolve(reference);
  }
}
