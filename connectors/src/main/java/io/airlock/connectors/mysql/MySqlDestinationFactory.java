package io.airlock.connectors.mysql;

import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;

/** The {@code destination-mysql} connector, for MySQL and MariaDB. */
public final class MySqlDestinationFactory implements ConnectorFactory {
  public static final String TYPE = "destination-mysql";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Destination createDestination(ConnectorSettings settings) {
    return new MySqlDestination(settings);
  }
}
