package io.airlock.dataplane.schema;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.TypeWidening;
import io.airlock.protocol.schema.CatalogColumn;
import io.airlock.protocol.schema.CatalogStream;
import io.airlock.protocol.schema.CatalogType;
import io.airlock.protocol.schema.SchemaChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a stream as its source discovers it now with its stored catalog entry: added columns,
 * removed columns and type changes, by column name. With a column selection only the selected
 * columns count, so a new column nobody selected is no change.
 */
public final class SchemaDiff {
  private SchemaDiff() {}

  /**
   * The changes of {@code now} since {@code stored}.
   *
   * @param selected selected columns; empty means every column
   */
  public static List<SchemaChange> between(
      CatalogStream stored, StreamDescriptor now, List<String> selected) {
    String stream = now.qualifiedName();
    Set<String> wanted = Set.copyOf(selected);
    List<SchemaChange> changes = new ArrayList<>();
    for (CatalogColumn old : stored.columns()) {
      if (!wanted.isEmpty() && !wanted.contains(old.name())) {
        continue;
      }
      Optional<Column> current = now.column(old.name());
      if (current.isEmpty()) {
        changes.add(
            new SchemaChange(
                stream, old.name(), SchemaChange.Kind.COLUMN_REMOVED, old.type(), null, false));
        continue;
      }
      CatalogType newType = CatalogMapping.type(current.get().type());
      if (!Objects.equals(old.type(), newType)) {
        changes.add(
            new SchemaChange(
                stream,
                old.name(),
                SchemaChange.Kind.TYPE_CHANGED,
                old.type(),
                newType,
                widens(old.type(), current.get())));
      }
    }
    for (Column column : now.columns()) {
      boolean known = stored.columns().stream().anyMatch(c -> c.name().equals(column.name()));
      if (!known && (wanted.isEmpty() || wanted.contains(column.name()))) {
        changes.add(
            new SchemaChange(
                stream,
                column.name(),
                SchemaChange.Kind.COLUMN_ADDED,
                null,
                CatalogMapping.type(column.type()),
                true));
      }
    }
    return changes;
  }

  private static boolean widens(CatalogType old, Column now) {
    try {
      return TypeWidening.widens(CatalogMapping.dataType(old), now.type());
    } catch (IllegalArgumentException e) {
      // A stored type this data plane does not know cannot be proven narrower.
      return false;
    }
  }
}
