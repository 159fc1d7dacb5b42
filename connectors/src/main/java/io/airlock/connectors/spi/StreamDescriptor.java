package io.airlock.connectors.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A stream as a source discovers it: its name, columns in order, and primary key.
 *
 * @param namespace schema or folder the stream lives in; may be null
 */
public record StreamDescriptor(
    String name, String namespace, List<Column> columns, List<String> primaryKey) {
  public StreamDescriptor {
    requireNonNull(name, "name is null");
    columns = List.copyOf(columns);
    primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
  }

  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  /**
   * Whether {@code streamName} names this stream, bare ({@code patients}) or qualified by its
   * namespace ({@code public.patients}). Stream selection and mappers both match through here.
   */
  public boolean isNamed(String streamName) {
    return name.equals(streamName) || qualifiedName().equals(streamName);
  }

  /** {@code namespace.name}, or the bare name when the stream has no namespace. */
  public String qualifiedName() {
    return namespace == null ? name : namespace + "." + name;
  }

  /**
   * Columns an incremental sync can follow: those whose values PostgreSQL, MySQL and the other
   * built-in sources order the same way everywhere (integers, decimals, floats, dates and
   * timestamps). Text is left out because its order depends on the collation.
   */
  public List<String> cursorCandidates() {
    return columns.stream().filter(c -> isCursorKind(c.type().kind())).map(Column::name).toList();
  }

  /** Whether values of {@code kind} can serve as an incremental cursor. */
  public static boolean isCursorKind(DataType.Kind kind) {
    return switch (kind) {
      case INTEGER, DECIMAL, FLOAT, DATE, TIMESTAMP, TIMESTAMPTZ -> true;
      default -> false;
    };
  }

  public StreamDescriptor withColumns(List<Column> newColumns) {
    return new StreamDescriptor(name, namespace, newColumns, primaryKey);
  }
}
