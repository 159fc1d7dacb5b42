package io.airlock.dataplane.secrets;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.protocol.secrets.InvalidSecretReferenceException;
import io.airlock.protocol.secrets.SecretReference;

/**
 * Parses references for the resolvers with the rules the control plane applies ({@link
 * SecretReference#parse}), turning a rejection into a USER {@link ConnectorException} whose message
 * never echoes the reference.
 */
final class SecretReferences {
  private SecretReferences() {}

  static SecretReference parse(String reference) {
    try {
      return SecretReference.parse(reference);
    } catch (InvalidSecretReferenceException e) {
      throw new ConnectorException(ConnectorException.Kind.USER, e.getMessage());
    }
  }

  /** {@code reference} parsed; it must have {@code scheme}. */
  static SecretReference parse(String reference, String scheme) {
    SecretReference parsed = parse(reference);
    if (!parsed.scheme().equals(scheme)) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Secret reference of scheme "
              + parsed.scheme()
              + ":// sent to the "
              + scheme
              + ":// resolver");
    }
    return parsed;
  }
}
