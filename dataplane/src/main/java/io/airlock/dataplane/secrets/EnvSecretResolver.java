package io.airlock.dataplane.secrets;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import io.airlock.protocol.secrets.SecretReference;
import java.util.function.Function;

/**
 * Resolves {@code env://NAME} from the data plane's environment. Errors name the variable, which
 * passed {@link SecretReference}'s validation and so is a variable name, because whoever runs the
 * data plane has to know which one to set; they never contain its value.
 */
public final class EnvSecretResolver implements SecretResolver {
  private final Function<String, String> environment;

  /** Reads the process environment. */
  public EnvSecretResolver() {
    this(System::getenv);
  }

  /** Reads {@code environment}, for example a map in tests. */
  public EnvSecretResolver(Function<String, String> environment) {
    this.environment = requireNonNull(environment, "environment is null");
  }

  @Override
  public Secret resolve(String reference) {
    String name = SecretReferences.parse(reference, SecretReference.ENV).envName();
    String value = environment.apply(name);
    if (value == null) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "The environment variable "
              + name
              + " is not set for the data plane; set it where the data plane runs");
    }
    if (value.isEmpty()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "The environment variable " + name + " is empty; set it to the secret");
    }
    return Secret.of(value);
  }
}
