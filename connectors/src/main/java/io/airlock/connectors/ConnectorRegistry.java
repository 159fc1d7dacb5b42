package io.airlock.connectors;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.csv.CsvSourceFactory;
import io.airlock.connectors.duckdb.DuckDbDestinationFactory;
import io.airlock.connectors.external.ExternalDestinationFactory;
import io.airlock.connectors.external.ExternalSourceFactory;
import io.airlock.connectors.files.FilesSourceFactory;
import io.airlock.connectors.files.write.FilesDestinationFactory;
import io.airlock.connectors.http.HttpSourceFactory;
import io.airlock.connectors.mysql.MySqlDestinationFactory;
import io.airlock.connectors.mysql.MySqlSourceFactory;
import io.airlock.connectors.postgres.PostgresDestinationFactory;
import io.airlock.connectors.postgres.PostgresSourceFactory;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The connector types a data plane can run, by type name. */
public final class ConnectorRegistry {
  private final Map<String, ConnectorFactory> factories = new LinkedHashMap<>();

  public ConnectorRegistry(List<ConnectorFactory> factories) {
    factories.forEach(f -> this.factories.put(f.type(), f));
  }

  /** The connectors built into Airlock. */
  public static ConnectorRegistry builtIn() {
    return new ConnectorRegistry(
        List.of(
            new CsvSourceFactory(),
            new PostgresSourceFactory(),
            new PostgresDestinationFactory(),
            new MySqlSourceFactory(),
            new MySqlDestinationFactory(),
            new ExternalSourceFactory(),
            new ExternalDestinationFactory(),
            new FilesSourceFactory(),
            new DuckDbDestinationFactory(),
            new FilesDestinationFactory(),
            new HttpSourceFactory()));
  }

  public List<String> types() {
    return List.copyOf(factories.keySet());
  }

  public ConnectorFactory factory(String type) {
    requireNonNull(type, "type is null");
    ConnectorFactory factory = factories.get(type);
    if (factory == null) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Unknown connector type '" + type + "'; known types: " + factories.keySet());
    }
    return factory;
  }
}
