package io.airlock.dataplane.schema;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.protocol.schema.CatalogColumn;
import io.airlock.protocol.schema.CatalogStream;
import io.airlock.protocol.schema.CatalogType;

/**
 * Turns what a source discovers into the catalog the control plane stores, and back for types:
 * names, type kinds and declared attributes, nullability and keys. Never a value.
 */
public final class CatalogMapping {
  private CatalogMapping() {}

  public static CatalogStream stream(StreamDescriptor stream) {
    return new CatalogStream(
        stream.name(),
        stream.namespace(),
        stream.columns().stream().map(CatalogMapping::column).toList(),
        stream.primaryKey(),
        stream.cursorCandidates());
  }

  public static CatalogColumn column(Column column) {
    return new CatalogColumn(
        column.name(), type(column.type()), column.nullable(), column.sourceType());
  }

  public static CatalogType type(DataType type) {
    return new CatalogType(
        type.kind().name(),
        type.precision(),
        type.scale(),
        type.element() == null ? null : type(type.element()),
        type.width(),
        type.length(),
        type.fixedLength(),
        type.exactText());
  }

  /** The data type a stored catalog type stands for; an unknown kind is refused. */
  public static DataType dataType(CatalogType type) {
    return new DataType(
        DataType.Kind.valueOf(type.kind()),
        type.precision(),
        type.scale(),
        type.element() == null ? null : dataType(type.element()),
        type.width(),
        type.length(),
        type.fixedLength(),
        type.exactText());
  }
}
