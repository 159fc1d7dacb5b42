package io.airlock.connectors.spi;

import static java.util.Objects.requireNonNull;

/**
 * A column of a stream.
 *
 * @param sourceType the type name the source uses (for example {@code mpaa_rating}), for docs and
 *     diagnostics; may be null
 */
public record Column(String name, DataType type, boolean nullable, String sourceType) {
  public Column {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }

  public Column withType(DataType newType) {
    return new Column(name, newType, nullable, sourceType);
  }
}
