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
    // Not Map.copyOf: a configuration may hold JSON nulls.
    config =
        config == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
  }
}
