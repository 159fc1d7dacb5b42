package io.airlock.connectors.csv;

import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Source;

/** The {@code source-csv} connector. */
public final class CsvSourceFactory implements ConnectorFactory {
  public static final String TYPE = "source-csv";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Source createSource(ConnectorSettings settings) {
    return new CsvSource(settings);
  }
}
