package io.airlock.connectors.duckdb;

import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;

/** The {@code destination-duckdb} connector. */
public final class DuckDbDestinationFactory implements ConnectorFactory {
  public static final String TYPE = "destination-duckdb";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Destination createDestination(ConnectorSettings settings) {
    return new DuckDbDestination(settings);
  }
}
