package io.airlock.protocol.schema;

import static java.util.Objects.requireNonNull;

/**
 * A discovered column: metadata only, never a value.
 *
 * @param nullable whether the column may hold NULL; true when not said
 * @param sourceType the type name the source uses (for example {@code mpaa_rating}); may be null
 */
public record CatalogColumn(String name, CatalogType type, Boolean nullable, String sourceType) {
  public CatalogColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    nullable = !Boolean.FALSE.equals(nullable);
  }
}
