package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Source;

/** The {@code source-postgres} connector. */
public final class PostgresSourceFactory implements ConnectorFactory {
  public static final String TYPE = "source-postgres";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Source createSource(ConnectorSettings settings) {
    return new PostgresSource(settings);
  }
}
