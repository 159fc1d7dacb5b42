package io.airlock.connectors.spi;

/** Creates connectors of one type. Built-ins register in {@code ConnectorRegistry}. */
public interface ConnectorFactory {
  /** Type name as in the connector spec, for example {@code source-postgres}. */
  String type();

  default Source createSource(ConnectorSettings settings) {
    throw new ConnectorException(
        ConnectorException.Kind.USER, "Connector " + type() + " is not a source");
  }

  default Destination createDestination(ConnectorSettings settings) {
    throw new ConnectorException(
        ConnectorException.Kind.USER, "Connector " + type() + " is not a destination");
  }
}
