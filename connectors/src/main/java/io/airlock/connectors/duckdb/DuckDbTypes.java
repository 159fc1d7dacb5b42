package io.airlock.connectors.duckdb;

import io.airlock.connectors.spi.DataType;

/**
 * The DuckDB column type a destination table uses for each {@link DataType}. docs/type-mapping.md
 * has the full table.
 *
 * <p>DuckDB's DECIMAL holds at most 38 digits with a fixed scale, so a DECIMAL becomes:
 *
 * <ul>
 *   <li>{@code DECIMAL(p,s)} when it declares {@code p <= 38} (with {@code p} raised to {@code s}
 *       when the scale is larger, and a negative scale turned into {@code DECIMAL(p-s,0)});
 *   <li>{@code DECIMAL(38,s)} when it declares more than 38 digits (at most 38 after the point);
 *   <li>{@code DECIMAL(38,18)} when it declares no precision (PostgreSQL's bare {@code numeric}).
 * </ul>
 *
 * <p>A value that does not fit its column exactly (too many digits either side of the point, NaN or
 * an infinity) fails the load with an error naming the column and row; it is never rounded.
 */
final class DuckDbTypes {
  static final int MAX_DECIMAL_DIGITS = 38;
  static final int UNDECLARED_DECIMAL_SCALE = 18;

  private DuckDbTypes() {}

  static String sqlType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "BOOLEAN";
      case INTEGER -> integer(type);
      case DECIMAL -> "DECIMAL(" + decimalPrecision(type) + "," + decimalScale(type) + ")";
      case FLOAT -> type.width() != null && type.width() == 4 ? "REAL" : "DOUBLE";
      case TEXT -> "VARCHAR";
      case DATE -> "DATE";
      case TIME -> "TIME";
      case TIMESTAMP -> "TIMESTAMP";
      case TIMESTAMPTZ -> "TIMESTAMPTZ";
      case BYTES -> "BLOB";
      case JSON -> "JSON";
      case UUID -> "UUID";
      case ARRAY -> sqlType(type.element()) + "[]";
    };
  }

  private static String integer(DataType type) {
    if (type.width() == null) {
      return "BIGINT";
    }
    return type.width() == 2 ? "SMALLINT" : "INTEGER";
  }

  /** Total digits of the DuckDB column for a DECIMAL type. */
  static int decimalPrecision(DataType type) {
    if (type.precision() == null) {
      return MAX_DECIMAL_DIGITS;
    }
    int scale = type.scale() == null ? 0 : type.scale();
    int precision = scale < 0 ? type.precision() - scale : Math.max(type.precision(), scale);
    return Math.max(1, Math.min(precision, MAX_DECIMAL_DIGITS));
  }

  /** Digits after the point of the DuckDB column for a DECIMAL type. */
  static int decimalScale(DataType type) {
    if (type.precision() == null) {
      return UNDECLARED_DECIMAL_SCALE;
    }
    int scale = type.scale() == null ? 0 : type.scale();
    return Math.max(0, Math.min(scale, MAX_DECIMAL_DIGITS));
  }
}
