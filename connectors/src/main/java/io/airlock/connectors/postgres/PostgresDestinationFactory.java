package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;

/** The {@code destination-postgres} connector. */
public final class PostgresDestinationFactory implements ConnectorFactory {
  public static final String TYPE = "destination-postgres";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Destination createDestination(ConnectorSettings settings) {
    return new PostgresDestination(settings);
  }
}
