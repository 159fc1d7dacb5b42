package io.airlock.connectors.files.write;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a stream and the Parquet form of its values. Every column is optional (NULL
 * is an absent value). docs/type-mapping.md has the table; in short:
 *
 * <ul>
 *   <li>DECIMAL is the DECIMAL logical type: {@code DECIMAL(p,s)} as declared up to 38 digits,
 *       {@code DECIMAL(38,s)} beyond, {@code DECIMAL(38,18)} when undeclared; a value that does not
 *       fit exactly, or NaN or an infinity, fails the load;
 *   <li>TIMESTAMP and TIMESTAMPTZ are INT64 {@code TIMESTAMP(MICROS)}, not adjusted to UTC and
 *       adjusted to UTC; TIME is INT64 {@code TIME(MICROS)}; DATE is INT32 {@code DATE};
 *   <li>infinite dates and timestamps are the largest stored number and its negation ({@code
 *       ±2147483647} days, {@code ±9223372036854775807} microseconds), the values DuckDB reads as
 *       {@code infinity} and {@code -infinity};
 *   <li>JSON is BINARY with the JSON logical type; UUID is FIXED_LEN_BYTE_ARRAY(16) UUID; arrays
 *       are three-level LIST groups with optional elements.
 * </ul>
 */
final class ParquetColumns {
  private static final int MAX_DECIMAL_DIGITS = 38;
  private static final int UNDECLARED_DECIMAL_SCALE = 18;
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  private ParquetColumns() {}

  static MessageType schema(List<Column> columns) {
    List<Type> fields = new ArrayList<>();
    for (Column column : columns) {
      fields.add(field(column.name(), column.type(), Repetition.OPTIONAL));
    }
    return new MessageType("airlock_row", fields);
  }

  private static Type field(String name, DataType type, Repetition repetition) {
    return switch (type.kind()) {
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
      case INTEGER -> integer(name, type, repetition);
      case DECIMAL -> decimal(name, type, repetition);
      case FLOAT ->
          Types.primitive(
                  isReal(type) ? PrimitiveTypeName.FLOAT : PrimitiveTypeName.DOUBLE, repetition)
              .named(name);
      case TEXT -> binary(name, repetition, LogicalTypeAnnotation.stringType());
      case DATE ->
          Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(LogicalTypeAnnotation.dateType())
              .named(name);
      case TIME -> int64(name, repetition, LogicalTypeAnnotation.timeType(false, TimeUnit.MICROS));
      case TIMESTAMP ->
          int64(name, repetition, LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS));
      case TIMESTAMPTZ ->
          int64(name, repetition, LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS));
      case BYTES -> Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
      case JSON -> binary(name, repetition, LogicalTypeAnnotation.jsonType());
      case UUID ->
          Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
              .length(16)
              .as(LogicalTypeAnnotation.uuidType())
              .named(name);
      case ARRAY ->
          Types.buildGroup(repetition)
              .as(LogicalTypeAnnotation.listType())
              .addField(
                  new GroupType(
                      Repetition.REPEATED,
                      "list",
                      field("element", type.element(), Repetition.OPTIONAL)))
              .named(name);
    };
  }

  private static Type integer(String name, DataType type, Repetition repetition) {
    if (type.width() == null) {
      return int64(name, repetition, LogicalTypeAnnotation.intType(64, true));
    }
    return Types.primitive(PrimitiveTypeName.INT32, repetition)
        .as(LogicalTypeAnnotation.intType(type.width() * 8, true))
        .named(name);
  }

  private static Type decimal(String name, DataType type, Repetition repetition) {
    int precision = decimalPrecision(type);
    int scale = decimalScale(type);
    LogicalTypeAnnotation annotation = LogicalTypeAnnotation.decimalType(scale, precision);
    if (precision <= 9) {
      return Types.primitive(PrimitiveTypeName.INT32, repetition).as(annotation).named(name);
    }
    if (precision <= 18) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition).as(annotation).named(name);
    }
    return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
        .length(decimalBytes(precision))
        .as(annotation)
        .named(name);
  }

  private static Type int64(String name, Repetition repetition, LogicalTypeAnnotation annotation) {
    return Types.primitive(PrimitiveTypeName.INT64, repetition).as(annotation).named(name);
  }

  private static Type binary(String name, Repetition repetition, LogicalTypeAnnotation annotation) {
    return Types.primitive(PrimitiveTypeName.BINARY, repetition).as(annotation).named(name);
  }

  private static boolean isReal(DataType type) {
    return type.width() != null && type.width() == 4;
  }

  static int decimalPrecision(DataType type) {
    if (type.precision() == null) {
      return MAX_DECIMAL_DIGITS;
    }
    int scale = type.scale() == null ? 0 : type.scale();
    int precision = scale < 0 ? type.precision() - scale : Math.max(type.precision(), scale);
    return Math.max(1, Math.min(precision, MAX_DECIMAL_DIGITS));
  }

  static int decimalScale(DataType type) {
    if (type.precision() == null) {
      return UNDECLARED_DECIMAL_SCALE;
    }
    int scale = type.scale() == null ? 0 : type.scale();
    return Math.max(0, Math.min(scale, MAX_DECIMAL_DIGITS));
  }

  /** The fewest bytes whose two's complement holds every number of {@code precision} digits. */
  private static int decimalBytes(int precision) {
    BigInteger largest = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
    return largest.bitLength() / 8 + 1;
  }

  /**
   * A value in the Java class the write support adds for its Parquet type: Boolean, Integer, Long,
   * Float, Double, Binary, or a List of such for arrays.
   */
  static Object prepare(DataType type, Object value) throws UnwritableValueException {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN, TEXT -> value instanceof String text ? Binary.fromString(text) : value;
      case INTEGER -> integerValue(type, (Long) value);
      case DECIMAL -> decimalValue(type, value);
      case FLOAT -> isReal(type) ? (Object) (float) (double) (Double) value : value;
      case DATE -> dateValue(value);
      case TIME -> timeMicros((LocalTime) value);
      case TIMESTAMP, TIMESTAMPTZ -> epochMicros(value);
      case BYTES -> Binary.fromConstantByteArray((byte[]) value);
      case JSON -> Binary.fromString(((JsonValue) value).json());
      case UUID -> uuid((UUID) value);
      case ARRAY -> listValue(type.element(), (List<?>) value);
    };
  }

  private static Object integerValue(DataType type, long value) throws UnwritableValueException {
    if (type.width() == null) {
      return value;
    }
    boolean fits = type.width() == 2 ? (short) value == value : (int) value == value;
    if (!fits) {
      throw new UnwritableValueException(
          "the integer does not fit the column's " + type.width() * 8 + " bits");
    }
    return (int) value;
  }

  private static Object decimalValue(DataType type, Object value) throws UnwritableValueException {
    int precision = decimalPrecision(type);
    int scale = decimalScale(type);
    if (value instanceof SpecialValue special) {
      throw new UnwritableValueException(
          "Parquet's DECIMAL cannot hold "
              + special
              + "; the value is not replaced by zero or NULL. Filter or map the row in the source,"
              + " or write JSON Lines or CSV, which keep the marker");
    }
    BigDecimal scaled;
    try {
      scaled = ((BigDecimal) value).setScale(scale, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new UnwritableValueException(
          "the number has more than "
              + scale
              + " digits after the point, which DECIMAL("
              + precision
              + ","
              + scale
              + ") cannot hold without rounding; declare the source column's scale or map the"
              + " value");
    }
    if (scaled.precision() > precision) {
      throw new UnwritableValueException(
          "the number has more than "
              + (precision - scale)
              + " digits before the point, which DECIMAL("
              + precision
              + ","
              + scale
              + ") cannot hold; declare the source column's precision (at most 38) or map the"
              + " value");
    }
    BigInteger unscaled = scaled.unscaledValue();
    if (precision <= 9) {
      return unscaled.intValueExact();
    }
    if (precision <= 18) {
      return unscaled.longValueExact();
    }
    return Binary.fromConstantByteArray(twosComplement(unscaled, decimalBytes(precision)));
  }

  private static byte[] twosComplement(BigInteger value, int length) {
    byte[] minimal = value.toByteArray();
    byte[] out = new byte[length];
    byte fill = value.signum() < 0 ? (byte) 0xff : 0;
    int padding = length - minimal.length;
    for (int i = 0; i < padding; i++) {
      out[i] = fill;
    }
    System.arraycopy(minimal, 0, out, padding, minimal.length);
    return out;
  }

  private static Object dateValue(Object value) throws UnwritableValueException {
    if (value instanceof SpecialValue special) {
      return special == SpecialValue.NEGATIVE_INFINITY ? -Integer.MAX_VALUE : Integer.MAX_VALUE;
    }
    long days = ((LocalDate) value).toEpochDay();
    if (days >= Integer.MAX_VALUE || days <= -Integer.MAX_VALUE) {
      throw new UnwritableValueException("the date is outside Parquet's DATE range");
    }
    return (int) days;
  }

  private static long timeMicros(LocalTime time) throws UnwritableValueException {
    if (time.equals(LocalTime.MAX)) {
      return MICROS_PER_DAY;
    }
    if (time.getNano() % 1000 != 0) {
      throw new UnwritableValueException(
          "the time has digits below the microsecond, which TIME(MICROS) does not keep");
    }
    return time.toNanoOfDay() / 1000;
  }

  private static long epochMicros(Object value) throws UnwritableValueException {
    if (value instanceof SpecialValue special) {
      if (special == SpecialValue.NAN) {
        throw new UnwritableValueException("a timestamp cannot be NaN");
      }
      return special == SpecialValue.NEGATIVE_INFINITY ? -Long.MAX_VALUE : Long.MAX_VALUE;
    }
    long seconds;
    int nanos;
    if (value instanceof OffsetDateTime instant) {
      seconds = instant.toEpochSecond();
      nanos = instant.getNano();
    } else {
      LocalDateTime local = (LocalDateTime) value;
      seconds = local.toEpochSecond(ZoneOffset.UTC);
      nanos = local.getNano();
    }
    if (nanos % 1000 != 0) {
      throw new UnwritableValueException(
          "the timestamp has digits below the microsecond, which TIMESTAMP(MICROS) does not keep");
    }
    try {
      long micros = Math.addExact(Math.multiplyExact(seconds, MICROS_PER_SECOND), nanos / 1000);
      if (micros == Long.MAX_VALUE || micros <= -Long.MAX_VALUE) {
        throw new ArithmeticException("reserved for the infinities");
      }
      return micros;
    } catch (ArithmeticException e) {
      throw new UnwritableValueException(
          "the timestamp is outside the range of 64-bit microseconds (about 290,000 years either"
              + " side of 1970)");
    }
  }

  private static Binary uuid(UUID uuid) {
    ByteBuffer bytes = ByteBuffer.allocate(16);
    bytes.putLong(uuid.getMostSignificantBits());
    bytes.putLong(uuid.getLeastSignificantBits());
    return Binary.fromConstantByteArray(bytes.array());
  }

  private static List<Object> listValue(DataType element, List<?> values)
      throws UnwritableValueException {
    List<Object> out = new ArrayList<>(values.size());
    for (Object value : values) {
      if (value instanceof List<?> && element.kind() != DataType.Kind.ARRAY) {
        throw new UnwritableValueException(
            "the array has more dimensions than its type declares; Parquet's LIST fixes its"
                + " nesting");
      }
      out.add(prepare(element, value));
    }
    return out;
  }
}
