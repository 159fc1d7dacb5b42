package io.airlock.protocol.schema;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A discovered stream: its name, namespace, columns in order, primary key and the columns an
 * incremental sync can follow. Metadata only, never a value.
 *
 * @param namespace schema or folder the stream lives in; may be null
 */
public record CatalogStream(
    String name,
    String namespace,
    List<CatalogColumn> columns,
    List<String> primaryKey,
    List<String> cursorCandidates) {
  public CatalogStream {
    requireNonNull(name, "name is null");
    columns = columns == null ? List.of() : List.copyOf(columns);
    primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    cursorCandidates = cursorCandidates == null ? List.of() : List.copyOf(cursorCandidates);
  }

  /** {@code namespace.name}, or the bare name when the stream has no namespace. */
  public String qualifiedName() {
    return namespace == null ? name : namespace + "." + name;
  }
}
