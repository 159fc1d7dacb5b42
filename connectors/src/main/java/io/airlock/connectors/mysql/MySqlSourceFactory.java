package io.airlock.connectors.mysql;

import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Source;

/** The {@code source-mysql} connector, for MySQL and MariaDB. */
public final class MySqlSourceFactory implements ConnectorFactory {
  public static final String TYPE = "source-mysql";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Source createSource(ConnectorSettings settings) {
    return new MySqlSource(settings);
  }
}
