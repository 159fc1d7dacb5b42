package io.airlock.protocol.schema;

import static java.util.Objects.requireNonNull;

/**
 * One difference between a stream's stored catalog and what its source discovers at the start of a
 * sync. Names and types only.
 *
 * @param stream the stream's qualified name
 * @param oldType the stored type; null for an added column
 * @param newType the discovered type; null for a removed column
 * @param additive whether the change only adds: a new column, or a type that widens the old one
 */
public record SchemaChange(
    String stream,
    String column,
    Kind change,
    CatalogType oldType,
    CatalogType newType,
    Boolean additive) {
  /** What changed. */
  public enum Kind {
    COLUMN_ADDED,
    COLUMN_REMOVED,
    TYPE_CHANGED
  }

  public SchemaChange {
    requireNonNull(stream, "stream is null");
    requireNonNull(column, "column is null");
    requireNonNull(change, "change is null");
    additive = Boolean.TRUE.equals(additive);
  }

  /** For example {@code patients.age: TYPE_CHANGED INTEGER(4 bytes) -> INTEGER}. */
  public String describe() {
    String types =
        switch (change) {
          case COLUMN_ADDED -> newType == null ? "" : " " + newType.display();
          case COLUMN_REMOVED -> oldType == null ? "" : " " + oldType.display();
          case TYPE_CHANGED ->
              " " + display(oldType) + " -> " + display(newType) + (additive ? " (widening)" : "");
        };
    return stream + "." + column + ": " + change + types;
  }

  private static String display(CatalogType type) {
    return type == null ? "?" : type.display();
  }
}
