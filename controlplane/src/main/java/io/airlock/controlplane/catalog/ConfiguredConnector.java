package io.airlock.controlplane.catalog;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A configured source or destination. Secret fields of {@code config} hold secret references, never
 * values.
 */
public record ConfiguredConnector(
    UUID id,
    UUID workspaceId,
    String name,
    String type,
    Map<String, Object> config,
    Instant createdAt) {

  /** The body of {@code POST /sources} and {@code POST /destinations}. */
  public record Create(UUID workspaceId, String name, String type, Map<String, Object> config) {}
}
