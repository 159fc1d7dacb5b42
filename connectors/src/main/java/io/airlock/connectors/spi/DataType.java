package io.airlock.connectors.spi;

import static java.util.Objects.requireNonNull;

/**
 * The type of a column as it travels between connectors. Each kind fixes the Java class of its
 * values in a {@link RecordBatch}:
 *
 * <ul>
 *   <li>{@code BOOLEAN}: {@link Boolean}
 *   <li>{@code INTEGER}: {@link Long}
 *   <li>{@code DECIMAL}: {@link java.math.BigDecimal}, or {@link SpecialValue#NAN} (and the
 *       infinities)
 *   <li>{@code FLOAT}: {@link Double}, including NaN and the infinities
 *   <li>{@code TEXT}: {@link String}
 *   <li>{@code DATE}: {@link java.time.LocalDate} (BC years are year 0 and below), or a {@link
 *       SpecialValue} infinity
 *   <li>{@code TIME}: {@link java.time.LocalTime}
 *   <li>{@code TIMESTAMP}: {@link java.time.LocalDateTime}, or a {@link SpecialValue} infinity
 *   <li>{@code TIMESTAMPTZ}: {@link java.time.OffsetDateTime} in UTC, or a {@link SpecialValue}
 *       infinity
 *   <li>{@code BYTES}: {@code byte[]}
 *   <li>{@code JSON}: {@link JsonValue}
 *   <li>{@code UUID}: {@link java.util.UUID}
 *   <li>{@code ARRAY}: {@link java.util.List} of values of {@link #element()}, nulls allowed
 * </ul>
 *
 * <p>NULL is Java {@code null} for every kind. No value ever travels as a {@code double} unless its
 * kind is {@code FLOAT}.
 *
 * @param precision total digits for DECIMAL, or null when unconstrained
 * @param scale digits after the point for DECIMAL, or null when unconstrained
 * @param element element type for ARRAY, else null
 */
public record DataType(Kind kind, Integer precision, Integer scale, DataType element) {
  /** The kinds of values. */
  public enum Kind {
    BOOLEAN,
    INTEGER,
    DECIMAL,
    FLOAT,
    TEXT,
    DATE,
    TIME,
    TIMESTAMP,
    TIMESTAMPTZ,
    BYTES,
    JSON,
    UUID,
    ARRAY
  }

  public static final DataType BOOLEAN = of(Kind.BOOLEAN);
  public static final DataType INTEGER = of(Kind.INTEGER);
  public static final DataType DECIMAL = of(Kind.DECIMAL);
  public static final DataType FLOAT = of(Kind.FLOAT);
  public static final DataType TEXT = of(Kind.TEXT);
  public static final DataType DATE = of(Kind.DATE);
  public static final DataType TIME = of(Kind.TIME);
  public static final DataType TIMESTAMP = of(Kind.TIMESTAMP);
  public static final DataType TIMESTAMPTZ = of(Kind.TIMESTAMPTZ);
  public static final DataType BYTES = of(Kind.BYTES);
  public static final DataType JSON = of(Kind.JSON);
  public static final DataType UUID = of(Kind.UUID);

  public DataType {
    requireNonNull(kind, "kind is null");
    if (kind == Kind.ARRAY) {
      requireNonNull(element, "element is null for ARRAY");
    }
  }

  public static DataType of(Kind kind) {
    return new DataType(kind, null, null, null);
  }

  public static DataType decimal(int precision, int scale) {
    return new DataType(Kind.DECIMAL, precision, scale, null);
  }

  public static DataType arrayOf(DataType element) {
    return new DataType(Kind.ARRAY, null, null, element);
  }
}
