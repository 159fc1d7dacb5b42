package io.airlock.connectors.duckdb;

import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.duckdb.DuckDBAppender;

/**
 * Appends the values of one column through DuckDB's Appender, in the Java classes {@link DataType}
 * names. Nothing is rounded or replaced: a value DuckDB's column cannot hold exactly fails with an
 * {@link UnwritableValueException} whose reason names no value.
 *
 * <p>The infinities of DATE, TIMESTAMP and TIMESTAMPTZ become DuckDB's own {@code infinity} and
 * {@code -infinity} (the largest and the negated largest stored number), which DuckDB prints, sorts
 * and tests ({@code isinf}) as infinities. PostgreSQL's {@code 24:00:00} ({@link LocalTime#MAX})
 * becomes DuckDB's {@code 24:00:00}.
 */
final class DuckDbValues {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  /** A value the column cannot hold; the reason never contains the value. */
  static final class UnwritableValueException extends Exception {
    UnwritableValueException(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Appends one value (never null) of a column. */
  @FunctionalInterface
  interface ValueWriter {
    void append(DuckDBAppender appender, Object value)
        throws SQLException, UnwritableValueException;
  }

  private DuckDbValues() {}

  static ValueWriter writer(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> (a, v) -> a.append(((Boolean) v).booleanValue());
      case INTEGER -> integer(type);
      case DECIMAL -> decimal(type);
      case FLOAT -> floating(type);
      case TEXT -> (a, v) -> a.append((String) v);
      case DATE -> DuckDbValues::appendDate;
      case TIME -> (a, v) -> a.appendDayMicros(timeMicros((LocalTime) v));
      case TIMESTAMP -> DuckDbValues::appendTimestamp;
      case TIMESTAMPTZ -> DuckDbValues::appendTimestamp;
      case BYTES -> (a, v) -> a.append((byte[]) v);
      case JSON -> (a, v) -> a.append(((JsonValue) v).json());
      case UUID -> (a, v) -> a.append((UUID) v);
      case ARRAY -> array(type);
    };
  }

  private static ValueWriter integer(DataType type) {
    if (type.width() == null) {
      return (a, v) -> a.append(((Long) v).longValue());
    }
    return (a, v) -> {
      long value = (Long) v;
      if (type.width() == 2 && (short) value == value) {
        a.append((short) value);
      } else if (type.width() == 4 && (int) value == value) {
        a.append((int) value);
      } else {
        throw new UnwritableValueException(
            "the integer does not fit the column's " + type.width() * 8 + " bits");
      }
    };
  }

  private static ValueWriter floating(DataType type) {
    if (type.width() != null && type.width() == 4) {
      return (a, v) -> a.append((float) (double) (Double) v);
    }
    return (a, v) -> a.append(((Double) v).doubleValue());
  }

  private static ValueWriter decimal(DataType type) {
    int precision = DuckDbTypes.decimalPrecision(type);
    int scale = DuckDbTypes.decimalScale(type);
    return (a, v) -> a.append(exactDecimal(v, precision, scale));
  }

  /** {@code value} at the column's scale, or why it cannot be stored without changing it. */
  static BigDecimal exactDecimal(Object value, int precision, int scale)
      throws UnwritableValueException {
    if (value instanceof SpecialValue special) {
      throw new UnwritableValueException(
          "DuckDB's DECIMAL cannot hold "
              + special
              + "; the value is not replaced by zero or NULL. Filter or map the row in the source,"
              + " or load the column as FLOAT");
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
    return scaled;
  }

  private static void appendDate(DuckDBAppender appender, Object value)
      throws SQLException, UnwritableValueException {
    if (value instanceof SpecialValue special) {
      appender.appendEpochDays(
          special == SpecialValue.NEGATIVE_INFINITY ? -Integer.MAX_VALUE : Integer.MAX_VALUE);
      return;
    }
    long days = ((LocalDate) value).toEpochDay();
    if (days >= Integer.MAX_VALUE || days <= -Integer.MAX_VALUE) {
      throw new UnwritableValueException("the date is outside DuckDB's DATE range");
    }
    appender.appendEpochDays((int) days);
  }

  private static void appendTimestamp(DuckDBAppender appender, Object value)
      throws SQLException, UnwritableValueException {
    appender.appendEpochMicros(epochMicros(value));
  }

  /**
   * Microseconds since 1970-01-01 00:00 (UTC for TIMESTAMPTZ), with DuckDB's infinities for the
   * {@link SpecialValue} infinities.
   */
  static long epochMicros(Object value) throws UnwritableValueException {
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
          "the timestamp has digits below the microsecond, which DuckDB's timestamps do not keep");
    }
    try {
      long micros = Math.addExact(Math.multiplyExact(seconds, MICROS_PER_SECOND), nanos / 1000);
      if (micros == Long.MAX_VALUE || micros == -Long.MAX_VALUE || micros == Long.MIN_VALUE) {
        throw new ArithmeticException("reserved for the infinities");
      }
      return micros;
    } catch (ArithmeticException e) {
      throw new UnwritableValueException(
          "the timestamp is outside DuckDB's range (about 290,000 BC to 294,000 AD)");
    }
  }

  /** Microseconds since midnight; {@link LocalTime#MAX} is PostgreSQL's {@code 24:00:00}. */
  static long timeMicros(LocalTime time) throws UnwritableValueException {
    if (time.equals(LocalTime.MAX)) {
      return MICROS_PER_DAY;
    }
    if (time.getNano() % 1000 != 0) {
      throw new UnwritableValueException(
          "the time has digits below the microsecond, which DuckDB's TIME does not keep");
    }
    return time.toNanoOfDay() / 1000;
  }

  private static ValueWriter array(DataType type) {
    return (a, v) -> a.append(listElements((List<?>) v, type.element()));
  }

  /**
   * The elements of a list value in the classes DuckDB's Appender takes for a LIST column: decimals
   * at the column's scale, JSON as text, nested lists for nested ARRAY types.
   */
  private static List<Object> listElements(List<?> values, DataType element)
      throws UnwritableValueException {
    List<Object> out = new ArrayList<>(values.size());
    for (Object value : values) {
      out.add(value == null ? null : listElement(value, element));
    }
    return out;
  }

  private static Object listElement(Object value, DataType element)
      throws UnwritableValueException {
    if (value instanceof List<?> nested) {
      if (element.kind() != DataType.Kind.ARRAY) {
        throw new UnwritableValueException(
            "the array has more dimensions than its type declares; DuckDB's LIST type fixes its"
                + " nesting");
      }
      return listElements(nested, element.element());
    }
    return switch (element.kind()) {
      case DECIMAL ->
          exactDecimal(
              value, DuckDbTypes.decimalPrecision(element), DuckDbTypes.decimalScale(element));
      case JSON -> ((JsonValue) value).json();
      case INTEGER -> integerElement((Long) value, element);
      case FLOAT -> element.width() != null ? (Object) (float) (double) (Double) value : value;
      case DATE, TIMESTAMP, TIMESTAMPTZ, TIME -> temporalElement(value);
      case ARRAY ->
          throw new UnwritableValueException("the array has fewer dimensions than its type");
      default -> value;
    };
  }

  private static Object integerElement(Long value, DataType element)
      throws UnwritableValueException {
    if (element.width() == null) {
      return value;
    }
    long number = value;
    if (element.width() == 2 && (short) number == number) {
      return (short) number;
    }
    if (element.width() == 4 && (int) number == number) {
      return (int) number;
    }
    throw new UnwritableValueException(
        "an array element does not fit the column's " + element.width() * 8 + "-bit integers");
  }

  private static Object temporalElement(Object value) throws UnwritableValueException {
    if (value instanceof SpecialValue) {
      // issue #3: infinities inside arrays of dates and timestamps are not written yet.
      throw new UnwritableValueException(
          "an infinity inside an array of dates or timestamps cannot be written to DuckDB yet");
    }
    return value;
  }
}
