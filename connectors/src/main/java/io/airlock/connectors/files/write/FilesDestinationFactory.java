package io.airlock.connectors.files.write;

import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;

/** The {@code destination-files} connector. */
public final class FilesDestinationFactory implements ConnectorFactory {
  public static final String TYPE = "destination-files";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Destination createDestination(ConnectorSettings settings) {
    return new FilesDestination(settings);
  }
}
