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
 * <p>Besides its kind, a type may carry what the source declared about it, so that a destination
 * can keep the declared type where that is safe (a PostgreSQL {@code smallint} stays {@code
 * smallint}, not {@code bigint}). These attributes never change the Java class of values. Null or
 * {@code false} means "not declared", and the widest form is stored as not declared, so {@link
 * #INTEGER} equals {@code integer(8)} and {@link #FLOAT} equals {@code floating(8)}. Sources that
 * cannot know them (CSV inference) leave them out; mappers that change a value's form drop them.
 *
 * @param precision total digits for DECIMAL; fractional-second digits (0–9) for TIME, TIMESTAMP and
 *     TIMESTAMPTZ; null when unconstrained
 * @param scale digits after the point for DECIMAL, or null when unconstrained
 * @param element element type for ARRAY, else null
 * @param width storage size in bytes of an INTEGER (2 or 4; 8 is stored as null) or a FLOAT (4; 8
 *     is stored as null); null for other kinds
 * @param length the maximum length in characters of TEXT, or null when unbounded
 * @param fixedLength whether TEXT is blank-padded to exactly {@code length} characters, as SQL's
 *     {@code char(n)}
 * @param exactText whether the exact text of JSON matters (key order, whitespace, duplicate keys),
 *     as for PostgreSQL's {@code json}; false when only the document matters, as for {@code jsonb}
 */
public record DataType(
    Kind kind,
    Integer precision,
    Integer scale,
    DataType element,
    Integer width,
    Integer length,
    boolean fixedLength,
    boolean exactText) {
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
    width = normalizedWidth(kind, width);
    check(length == null || kind == Kind.TEXT, "length applies to TEXT only");
    check(length == null || length > 0, "length must be positive");
    check(!fixedLength || length != null, "fixedLength needs a length");
    check(!exactText || kind == Kind.JSON, "exactText applies to JSON only");
    check(precision == null || precision >= 0, "precision must not be negative");
  }

  /** A type without declared width, length or JSON text flag, as before those existed. */
  public DataType(Kind kind, Integer precision, Integer scale, DataType element) {
    this(kind, precision, scale, element, null, null, false, false);
  }

  public static DataType of(Kind kind) {
    return new DataType(kind, null, null, null);
  }

  /** An INTEGER of {@code bytes} (2, 4 or 8) bytes, such as SQL's smallint, integer, bigint. */
  public static DataType integer(int bytes) {
    return new DataType(Kind.INTEGER, null, null, null, bytes, null, false, false);
  }

  /** A FLOAT of {@code bytes} (4 or 8) bytes: SQL's real or double precision. */
  public static DataType floating(int bytes) {
    return new DataType(Kind.FLOAT, null, null, null, bytes, null, false, false);
  }

  /** TEXT of at most {@code maxLength} characters, as SQL's {@code varchar(n)}. */
  public static DataType text(int maxLength) {
    return new DataType(Kind.TEXT, null, null, null, null, maxLength, false, false);
  }

  /** TEXT blank-padded to exactly {@code length} characters, as SQL's {@code char(n)}. */
  public static DataType fixedText(int length) {
    return new DataType(Kind.TEXT, null, null, null, null, length, true, false);
  }

  /** JSON whose exact text is kept, as PostgreSQL's {@code json} (not {@code jsonb}). */
  public static DataType exactJson() {
    return new DataType(Kind.JSON, null, null, null, null, null, false, true);
  }

  /**
   * TIME, TIMESTAMP or TIMESTAMPTZ with {@code fractionalDigits} digits after the second, as SQL's
   * {@code timestamp(3)}.
   */
  public static DataType temporal(Kind kind, int fractionalDigits) {
    if (kind != Kind.TIME && kind != Kind.TIMESTAMP && kind != Kind.TIMESTAMPTZ) {
      throw new IllegalArgumentException(
          "Fractional digits apply to TIME and timestamps, not " + kind);
    }
    return new DataType(kind, fractionalDigits, null, null);
  }

  public static DataType decimal(int precision, int scale) {
    return new DataType(Kind.DECIMAL, precision, scale, null);
  }

  public static DataType arrayOf(DataType element) {
    return new DataType(Kind.ARRAY, null, null, element);
  }

  private static Integer normalizedWidth(Kind kind, Integer width) {
    if (width == null) {
      return null;
    }
    if (kind == Kind.INTEGER && (width == 2 || width == 4 || width == 8)) {
      return width == 8 ? null : width;
    }
    if (kind == Kind.FLOAT && (width == 4 || width == 8)) {
      return width == 8 ? null : width;
    }
    throw new IllegalArgumentException(
        "Invalid data type: width "
            + width
            + " does not apply to "
            + kind
            + "; use 2, 4 or 8 for INTEGER, 4 or 8 for FLOAT");
  }

  private static void check(boolean valid, String rule) {
    if (!valid) {
      throw new IllegalArgumentException("Invalid data type: " + rule);
    }
  }
}
