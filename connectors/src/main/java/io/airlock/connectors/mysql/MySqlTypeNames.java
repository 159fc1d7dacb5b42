package io.airlock.connectors.mysql;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The MySQL/MariaDB column types a destination table uses for each {@link DataType}. Declared
 * attributes are kept where MySQL has the same type (integer widths, {@code decimal(p,s)}, {@code
 * char(n)} and {@code varchar(n)}, fractional-second digits); without them each kind gets its
 * widest type. 4-byte floats become {@code double}, since MariaDB's {@code float} cannot hold the
 * largest ones. docs/type-mapping.md has the table.
 *
 * <p>MySQL limits a row to 65,535 bytes, and counts a {@code varchar(n)} in {@code utf8mb4} as
 * {@code 4n} of them. Bounded text therefore becomes {@code varchar(n)} or {@code char(n)} only
 * while the table's bounded columns fit in {@link #ROW_BUDGET_BYTES}; the rest become {@code
 * longtext}.
 */
final class MySqlTypeNames {
  /** MySQL keeps at most six fractional-second digits. */
  static final int MAX_FRACTIONAL_DIGITS = 6;

  /**
   * MySQL's largest decimal: 65 digits, of which MySQL (unlike MariaDB) allows 30 after the point.
   */
  static final int MAX_PRECISION = 65;

  static final int MAX_SCALE = 30;

  /** Bytes of a row the bounded text columns may take, below MySQL's 65,535. */
  static final int ROW_BUDGET_BYTES = 60_000;

  private static final int BYTES_PER_CHARACTER = 4;
  private static final int MAX_CHAR_LENGTH = 255;

  private MySqlTypeNames() {}

  /** The column type of each of {@code columns}, in order. */
  static List<String> sqlTypes(List<Column> columns) {
    List<String> types = new ArrayList<>(columns.size());
    int budget = ROW_BUDGET_BYTES;
    for (Column column : columns) {
      DataType type = column.type();
      if (type.kind() == DataType.Kind.TEXT && type.length() != null) {
        int bytes = type.length() * BYTES_PER_CHARACTER + 2;
        if (type.length() <= budget / BYTES_PER_CHARACTER && bytes <= budget) {
          budget -= bytes;
          types.add(boundedText(type));
          continue;
        }
        types.add("LONGTEXT");
        continue;
      }
      types.add(sqlType(type));
    }
    return types;
  }

  /** The decimal type a DECIMAL becomes: its own when MySQL has it, else the widest. */
  static int[] decimalShape(DataType type) {
    Integer precision = type.precision();
    int scale = type.scale() == null ? 0 : type.scale();
    if (precision == null
        || precision < 1
        || precision > MAX_PRECISION
        || scale < 0
        || scale > MAX_SCALE
        || scale > precision) {
      return new int[] {MAX_PRECISION, MAX_SCALE};
    }
    return new int[] {precision, scale};
  }

  static String sqlType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "BOOLEAN";
      case INTEGER -> integer(type);
      case DECIMAL -> decimal(type);
      // MariaDB's FLOAT stops at 3.402823466e38, below the largest 4-byte float: DOUBLE holds all.
      case FLOAT -> "DOUBLE";
      case TEXT -> type.length() == null ? "LONGTEXT" : boundedText(type);
      case DATE -> "DATE";
      case TIME -> "TIME(" + fractionalDigits(type) + ")";
      case TIMESTAMP, TIMESTAMPTZ -> "DATETIME(" + fractionalDigits(type) + ")";
      case BYTES -> "LONGBLOB";
      case JSON, ARRAY -> "JSON";
      case UUID -> "CHAR(36) CHARACTER SET ascii";
    };
  }

  private static String integer(DataType type) {
    if (type.width() == null) {
      return "BIGINT";
    }
    return type.width() == 2 ? "SMALLINT" : "INT";
  }

  private static String decimal(DataType type) {
    int[] shape = decimalShape(type);
    return "DECIMAL(" + shape[0] + "," + shape[1] + ")";
  }

  private static String boundedText(DataType type) {
    if (type.fixedLength() && type.length() <= MAX_CHAR_LENGTH) {
      return "CHAR(" + type.length() + ")";
    }
    return "VARCHAR(" + type.length() + ")";
  }

  /** Six digits unless fewer were declared: an undeclared precision is PostgreSQL's six. */
  private static int fractionalDigits(DataType type) {
    return type.precision() == null
        ? MAX_FRACTIONAL_DIGITS
        : Math.min(type.precision(), MAX_FRACTIONAL_DIGITS);
  }
}
