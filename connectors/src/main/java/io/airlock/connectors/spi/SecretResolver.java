package io.airlock.connectors.spi;

/** Resolves secret references ({@code env://NAME}, {@code file:///path}, …) to values. */
@FunctionalInterface
public interface SecretResolver {
  /**
   * Resolves one reference.
   *
   * @throws ConnectorException of kind USER when the reference is malformed or names nothing
   */
  Secret resolve(String reference);
}
