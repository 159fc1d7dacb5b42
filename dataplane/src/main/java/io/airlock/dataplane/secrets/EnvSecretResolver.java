package io.airlock.dataplane.secrets;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import java.util.function.Function;

/** Resolves {@code env://NAME} from the data plane's environment. */
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
    String name = SecretReferences.location(reference, "env");
    if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Invalid secret reference env://"
              + name
              + ": expected env://NAME with a variable name of letters, digits and _");
    }
    String value = environment.apply(name);
    if (value == null) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Secret reference env://"
              + name
              + ": the environment variable "
              + name
              + " is not set for the data plane; set it where the data plane runs");
    }
    if (value.isEmpty()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Secret reference env://" + name + ": the environment variable " + name + " is empty");
    }
    return Secret.of(value);
  }
}
