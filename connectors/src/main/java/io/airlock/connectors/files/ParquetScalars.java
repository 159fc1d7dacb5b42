package io.airlock.connectors.files;

import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Parquet primitive columns: which {@link DataType} each physical and logical type becomes, and the
 * converter that turns stored values into that type's Java values. See {@code
 * docs/type-mapping.md}.
 */
final class ParquetScalars {
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;

  private ParquetScalars() {}

  /** How a primitive's stored values are decoded. */
  enum Decode {
    BOOLEAN,
    INT32,
    UINT32,
    INT64,
    UINT64,
    DECIMAL,
    DATE,
    TIME,
    TIMESTAMP,
    TIMESTAMPTZ,
    INT96,
    FLOAT,
    DOUBLE,
    FLOAT16,
    STRING,
    JSON,
    BYTES,
    UUID,
    INTERVAL,
    NULL
  }

  /** A value that cannot be decoded, with the problem in words (never the value). */
  static final class ValueException extends RuntimeException {
    final String column;

    ValueException(String column, String problem) {
      super(problem);
      this.column = column;
    }
  }

  /** A logical type this reader does not map, on a known column. */
  static final class UnsupportedTypeException extends RuntimeException {
    final String column;

    UnsupportedTypeException(String column, String problem) {
      super(problem);
      this.column = column;
    }
  }

  static Decode decode(PrimitiveType type, String column) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    PrimitiveType.PrimitiveTypeName physical = type.getPrimitiveTypeName();
    if (logical == null) {
      return switch (physical) {
        case BOOLEAN -> Decode.BOOLEAN;
        case INT32 -> Decode.INT32;
        case INT64 -> Decode.INT64;
        case INT96 -> Decode.INT96;
        case FLOAT -> Decode.FLOAT;
        case DOUBLE -> Decode.DOUBLE;
        case BINARY, FIXED_LEN_BYTE_ARRAY -> Decode.BYTES;
      };
    }
    return switch (logical) {
      case LogicalTypeAnnotation.StringLogicalTypeAnnotation s -> Decode.STRING;
      case LogicalTypeAnnotation.EnumLogicalTypeAnnotation e -> Decode.STRING;
      case LogicalTypeAnnotation.JsonLogicalTypeAnnotation j -> Decode.JSON;
      case LogicalTypeAnnotation.BsonLogicalTypeAnnotation b -> Decode.BYTES;
      case LogicalTypeAnnotation.UUIDLogicalTypeAnnotation u -> Decode.UUID;
      case DecimalLogicalTypeAnnotation d -> Decode.DECIMAL;
      case LogicalTypeAnnotation.DateLogicalTypeAnnotation d -> Decode.DATE;
      case TimeLogicalTypeAnnotation t -> Decode.TIME;
      case TimestampLogicalTypeAnnotation t ->
          t.isAdjustedToUTC() ? Decode.TIMESTAMPTZ : Decode.TIMESTAMP;
      case IntLogicalTypeAnnotation i -> integer(i, physical);
      case LogicalTypeAnnotation.Float16LogicalTypeAnnotation f -> Decode.FLOAT16;
      case LogicalTypeAnnotation.IntervalLogicalTypeAnnotation i -> Decode.INTERVAL;
      case LogicalTypeAnnotation.UnknownLogicalTypeAnnotation u -> Decode.NULL;
      default ->
          throw new UnsupportedTypeException(
              column,
              "has logical type "
                  + logical
                  + ", which this reader does not map yet (issue #3); leave the column out of"
                  + " the stream's selection");
    };
  }

  private static Decode integer(IntLogicalTypeAnnotation type, PrimitiveType.PrimitiveTypeName p) {
    boolean wide = p == PrimitiveType.PrimitiveTypeName.INT64;
    if (type.isSigned()) {
      return wide ? Decode.INT64 : Decode.INT32;
    }
    return wide ? Decode.UINT64 : Decode.UINT32;
  }

  /** The {@link DataType} a primitive column becomes. */
  static DataType dataType(PrimitiveType type, String column) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    return switch (decode(type, column)) {
      case BOOLEAN -> DataType.BOOLEAN;
      case INT32 -> DataType.integer(smallInteger(logical) ? 2 : 4);
      case UINT32 -> unsignedType(logical);
      case INT64 -> DataType.INTEGER;
      case UINT64 -> DataType.decimal(20, 0);
      case DECIMAL -> {
        DecimalLogicalTypeAnnotation d = (DecimalLogicalTypeAnnotation) logical;
        yield DataType.decimal(d.getPrecision(), d.getScale());
      }
      case DATE -> DataType.DATE;
      case TIME ->
          DataType.temporal(
              DataType.Kind.TIME, digits(((TimeLogicalTypeAnnotation) logical).getUnit()));
      case TIMESTAMP, TIMESTAMPTZ ->
          DataType.temporal(
              decode(type, column) == Decode.TIMESTAMP
                  ? DataType.Kind.TIMESTAMP
                  : DataType.Kind.TIMESTAMPTZ,
              digits(((TimestampLogicalTypeAnnotation) logical).getUnit()));
      case INT96 -> DataType.TIMESTAMP;
      case FLOAT, FLOAT16 -> DataType.floating(4);
      case DOUBLE -> DataType.FLOAT;
      case STRING, INTERVAL, NULL -> DataType.TEXT;
      case JSON -> DataType.JSON;
      case BYTES -> DataType.BYTES;
      case UUID -> DataType.UUID;
    };
  }

  private static boolean smallInteger(LogicalTypeAnnotation logical) {
    return logical instanceof IntLogicalTypeAnnotation i && i.getBitWidth() <= 16;
  }

  private static DataType unsignedType(LogicalTypeAnnotation logical) {
    int bits = ((IntLogicalTypeAnnotation) logical).getBitWidth();
    return bits <= 8 ? DataType.integer(2) : bits <= 16 ? DataType.integer(4) : DataType.INTEGER;
  }

  private static int digits(TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> 3;
      case MICROS -> 6;
      case NANOS -> 9;
    };
  }

  /** A converter that hands each decoded value of {@code type} to {@code parent}. */
  static PrimitiveConverter converter(PrimitiveType type, String column, Consumer<Object> parent) {
    return new ScalarConverter(type, column, parent);
  }

  private static final class ScalarConverter extends PrimitiveConverter {
    private final Decode decode;
    private final String column;
    private final Consumer<Object> parent;
    private final int scale;
    private final TimeUnit unit;
    private final CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    ScalarConverter(PrimitiveType type, String column, Consumer<Object> parent) {
      this.decode = decode(type, column);
      this.column = column;
      this.parent = parent;
      LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
      this.scale = logical instanceof DecimalLogicalTypeAnnotation d ? d.getScale() : 0;
      this.unit =
          switch (logical) {
            case TimeLogicalTypeAnnotation t -> t.getUnit();
            case TimestampLogicalTypeAnnotation t -> t.getUnit();
            case null, default -> null;
          };
    }

    @Override
    public void addBoolean(boolean value) {
      parent.accept(value);
    }

    @Override
    public void addInt(int value) {
      parent.accept(
          switch (decode) {
            case INT32 -> (long) value;
            case UINT32 -> Integer.toUnsignedLong(value);
            case DECIMAL -> BigDecimal.valueOf(value, scale);
            case DATE -> LocalDate.ofEpochDay(value);
            case TIME -> time(value);
            case NULL -> null;
            default -> throw unexpected("INT32");
          });
    }

    @Override
    public void addLong(long value) {
      parent.accept(
          switch (decode) {
            case INT64 -> value;
            case UINT64 -> new BigDecimal(Long.toUnsignedString(value));
            case DECIMAL -> BigDecimal.valueOf(value, scale);
            case TIME -> time(value);
            case TIMESTAMP -> LocalDateTime.ofInstant(instant(value), ZoneOffset.UTC);
            case TIMESTAMPTZ -> OffsetDateTime.ofInstant(instant(value), ZoneOffset.UTC);
            case NULL -> null;
            default -> throw unexpected("INT64");
          });
    }

    @Override
    public void addFloat(float value) {
      parent.accept(Double.parseDouble(Float.toString(value)));
    }

    @Override
    public void addDouble(double value) {
      parent.accept(value);
    }

    @Override
    public void addBinary(Binary value) {
      parent.accept(
          switch (decode) {
            case STRING -> text(value);
            case JSON -> new JsonValue(text(value));
            case BYTES -> value.getBytes();
            case DECIMAL -> new BigDecimal(new BigInteger(value.getBytes()), scale);
            case UUID -> uuid(value);
            case INT96 -> int96(value);
            case FLOAT16 -> float16(value);
            case INTERVAL -> interval(value);
            case NULL -> null;
            default -> throw unexpected("binary");
          });
    }

    private LocalTime time(long value) {
      long nanos =
          switch (unit) {
            case MILLIS -> value * 1_000_000L;
            case MICROS -> value * 1_000L;
            case NANOS -> value;
          };
      try {
        return LocalTime.ofNanoOfDay(nanos);
      } catch (DateTimeException e) {
        throw new ValueException(column, "holds a time of day outside 00:00 to 24:00");
      }
    }

    private Instant instant(long value) {
      return switch (unit) {
        case MILLIS -> Instant.ofEpochMilli(value);
        case MICROS ->
            Instant.ofEpochSecond(
                Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
        case NANOS ->
            Instant.ofEpochSecond(
                Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
      };
    }

    private String text(Binary value) {
      try {
        return utf8.decode(value.toByteBuffer()).toString();
      } catch (CharacterCodingException e) {
        throw new ValueException(column, "holds a string that is not valid UTF-8");
      }
    }

    private UUID uuid(Binary value) {
      ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.BIG_ENDIAN);
      if (bytes.remaining() != 16) {
        throw new ValueException(column, "holds a UUID that is not 16 bytes long");
      }
      return new UUID(bytes.getLong(), bytes.getLong());
    }

    /**
     * INT96: nanoseconds of the day (8 bytes) then the Julian day (4 bytes), little-endian and
     * signed, as Spark and Impala write them; nanoseconds outside one day carry into the date.
     */
    private LocalDateTime int96(Binary value) {
      ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long nanos = bytes.getLong();
      long julianDay = bytes.getInt();
      try {
        return LocalDate.ofEpochDay(julianDay - JULIAN_EPOCH_DAY).atStartOfDay().plusNanos(nanos);
      } catch (DateTimeException e) {
        throw new ValueException(column, "holds an INT96 timestamp outside the supported range");
      }
    }

    private Double float16(Binary value) {
      ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      return (double) Float.float16ToFloat(bytes.getShort());
    }

    /** INTERVAL: months, days and milliseconds, little-endian unsigned; as ISO-8601 text. */
    private String interval(Binary value) {
      ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long months = Integer.toUnsignedLong(bytes.getInt());
      long days = Integer.toUnsignedLong(bytes.getInt());
      long millis = Integer.toUnsignedLong(bytes.getInt());
      return "P" + months + "M" + days + "DT" + BigDecimal.valueOf(millis, 3).toPlainString() + "S";
    }

    private ValueException unexpected(String physical) {
      return new ValueException(
          column, "stores " + physical + " values, which its logical type does not allow");
    }
  }
}
