package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.DataType;

/**
 * The PostgreSQL column type a destination table uses for each {@link DataType}. A type's declared
 * attributes are kept where PostgreSQL has the same type (integer widths, {@code varchar(n)} and
 * {@code char(n)}, {@code numeric(p,s)}, {@code json} against {@code jsonb}, fractional-second
 * digits); without them each kind gets its widest type. docs/type-mapping.md has the full table.
 */
final class PostgresTypeNames {
  /** PostgreSQL keeps at most six fractional-second digits. */
  private static final int MAX_FRACTIONAL_DIGITS = 6;

  private PostgresTypeNames() {}

  static String sqlType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "boolean";
      case INTEGER -> integer(type);
      case DECIMAL -> numeric(type);
      case FLOAT -> type.width() != null && type.width() == 4 ? "real" : "double precision";
      case TEXT -> text(type);
      case DATE -> "date";
      case TIME -> withFractionalDigits("time", type);
      case TIMESTAMP -> withFractionalDigits("timestamp", type);
      case TIMESTAMPTZ -> withFractionalDigits("timestamptz", type);
      case BYTES -> "bytea";
      case JSON -> type.exactText() ? "json" : "jsonb";
      case UUID -> "uuid";
      case ARRAY -> arrayElement(type) + "[]";
    };
  }

  private static String integer(DataType type) {
    if (type.width() == null) {
      return "bigint";
    }
    return type.width() == 2 ? "smallint" : "integer";
  }

  private static String numeric(DataType type) {
    if (type.precision() == null) {
      return "numeric";
    }
    int scale = type.scale() == null ? 0 : type.scale();
    return "numeric(" + type.precision() + "," + scale + ")";
  }

  private static String text(DataType type) {
    if (type.length() == null) {
      return "text";
    }
    return (type.fixedLength() ? "character(" : "character varying(") + type.length() + ")";
  }

  private static String withFractionalDigits(String name, DataType type) {
    if (type.precision() == null) {
      return name;
    }
    return name + "(" + Math.min(type.precision(), MAX_FRACTIONAL_DIGITS) + ")";
  }

  private static String arrayElement(DataType type) {
    DataType element = type.element();
    // PostgreSQL array types do not fix their dimensions: text[] holds text[][] too.
    while (element.kind() == DataType.Kind.ARRAY) {
      element = element.element();
    }
    return sqlType(element);
  }
}
