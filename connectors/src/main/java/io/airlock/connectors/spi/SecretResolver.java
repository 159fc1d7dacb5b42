package io.airlock.connectors.spi;

/**
 * Resolves secret references ({@code env://NAME}, {@code file:///path}) to values, with the rules
 * of {@code io.airlock.protocol.secrets.SecretReference}.
 */
@FunctionalInterface
public interface SecretResolver {
  /**
   * Resolves one reference.
   *
   * @throws ConnectorException of kind USER when the reference is malformed or names nothing; its
   *     message never contains the reference or the secret
   */
  Secret resolve(String reference);

  /**
   * Resolves the reference held in {@code field}, for example {@code Connector source-postgres
   * setting 'password'}: a failure's message starts with {@code field}, so the user knows which
   * setting to fix without the message repeating the reference.
   */
  default Secret resolveFor(String field, String reference) {
    try {
      return resolve(reference);
    } catch (ConnectorException e) {
      throw new ConnectorException(e.kind(), field + ": " + e.getMessage());
    }
  }
}
