package io.airlock.protocol.job;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A connector type and its configuration. Fields that the connector's spec marks secret hold secret
 * references (for example {@code env://PG_PASSWORD}), never literal values.
 */
public record ConnectorConfig(String type, Map<String, Object> config) {
  public ConnectorConfig {
    requireNonNull(type, "type is null");
    config = config == null ? Map.of() : Map.copyOf(config);
  }
}
