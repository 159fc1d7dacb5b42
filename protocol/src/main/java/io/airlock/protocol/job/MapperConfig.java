package io.airlock.protocol.job;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A mapper applied to records between source and destination, inside the data plane.
 *
 * <p>Type {@code hash}: replaces each named column by the lower-case hex HMAC-SHA-256 of the
 * value's UTF-8 text, keyed by the secret that {@code keyRef} references. NULL stays NULL.
 *
 * @param type mapper type, for now only {@code hash}
 * @param stream stream the mapper applies to; null means every stream that has the columns
 * @param columns columns the mapper rewrites
 * @param keyRef secret reference of the key
 */
public record MapperConfig(String type, String stream, List<String> columns, String keyRef) {
  public MapperConfig {
    requireNonNull(type, "type is null");
    columns = columns == null ? List.of() : List.copyOf(columns);
  }
}
