package io.airlock.connectors.external;

import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;

/**
 * The {@code destination-external} connector: an Airbyte-protocol destination run as a child
 * process.
 */
public final class ExternalDestinationFactory implements ConnectorFactory {
  public static final String TYPE = "destination-external";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Destination createDestination(ConnectorSettings settings) {
    return new ExternalDestination(new ExternalCommand(settings));
  }
}
