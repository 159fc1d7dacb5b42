package io.airlock.connectors.external;

import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Source;

/** The {@code source-external} connector: an Airbyte-protocol source run as a child process. */
public final class ExternalSourceFactory implements ConnectorFactory {
  public static final String TYPE = "source-external";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Source createSource(ConnectorSettings settings) {
    return new ExternalSource(new ExternalCommand(settings));
  }
}
