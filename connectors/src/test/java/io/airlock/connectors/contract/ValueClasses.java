package io.airlock.connectors.contract;

import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** The Java classes {@link DataType} allows for each kind, as the contract checks them. */
final class ValueClasses {
  private ValueClasses() {}

  /** Whether {@code value} (not null) may travel in a column of {@code type}. */
  static boolean fits(DataType type, Object value) {
    return switch (type.kind()) {
      case BOOLEAN -> value instanceof Boolean;
      case INTEGER -> value instanceof Long;
      case DECIMAL -> value instanceof BigDecimal || value instanceof SpecialValue;
      case FLOAT -> value instanceof Double;
      case TEXT -> value instanceof String;
      case DATE -> value instanceof LocalDate || infinity(value);
      case TIME -> value instanceof LocalTime;
      case TIMESTAMP -> value instanceof LocalDateTime || infinity(value);
      case TIMESTAMPTZ ->
          (value instanceof OffsetDateTime t && t.getOffset().equals(ZoneOffset.UTC))
              || infinity(value);
      case BYTES -> value instanceof byte[];
      case JSON -> value instanceof JsonValue;
      case UUID -> value instanceof UUID;
      case ARRAY ->
          value instanceof List<?> list
              && list.stream().allMatch(e -> e == null || fits(type.element(), e));
    };
  }

  private static boolean infinity(Object value) {
    return value == SpecialValue.POSITIVE_INFINITY || value == SpecialValue.NEGATIVE_INFINITY;
  }
}
