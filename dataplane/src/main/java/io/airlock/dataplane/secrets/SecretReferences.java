package io.airlock.dataplane.secrets;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.protocol.secrets.SecretReference;

/** Parsing of references for the resolvers, with errors that never echo a literal value. */
final class SecretReferences {
  private SecretReferences() {}

  static SecretReference parse(String reference) {
    try {
      return SecretReference.parse(reference);
    } catch (IllegalArgumentException e) {
      // The message names the valid schemes and never echoes the (maybe literal) value.
      throw new ConnectorException(ConnectorException.Kind.USER, e.getMessage());
    }
  }

  /** The location of {@code reference}, which must have {@code scheme}. */
  static String location(String reference, String scheme) {
    SecretReference parsed = parse(reference);
    if (!parsed.scheme().equals(scheme)) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Secret reference of scheme "
              + parsed.scheme()
              + ":// sent to the "
              + scheme
              + " resolver");
    }
    return parsed.location();
  }
}
