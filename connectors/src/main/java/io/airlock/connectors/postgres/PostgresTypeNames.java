package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.DataType;

/** The PostgreSQL column type a destination table uses for each {@link DataType}. */
final class PostgresTypeNames {
  private PostgresTypeNames() {}

  static String sqlType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "boolean";
      case INTEGER -> "bigint";
      case DECIMAL -> numeric(type);
      case FLOAT -> "double precision";
      case TEXT -> "text";
      case DATE -> "date";
      case TIME -> "time";
      case TIMESTAMP -> "timestamp";
      case TIMESTAMPTZ -> "timestamptz";
      case BYTES -> "bytea";
      case JSON -> "jsonb";
      case UUID -> "uuid";
      case ARRAY -> arrayElement(type) + "[]";
    };
  }

  private static String numeric(DataType type) {
    if (type.precision() == null) {
      return "numeric";
    }
    int scale = type.scale() == null ? 0 : type.scale();
    return "numeric(" + type.precision() + "," + scale + ")";
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
