package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Writes rows in PostgreSQL's binary COPY format, in which the server reads numbers, dates and
 * timestamps as fixed-size integers instead of parsing their text. Each column is written in the
 * binary form of the destination column's own type ({@link BinaryColumnType}), chosen when the
 * stream opens, so a {@code Long} bound for an {@code integer} column goes out as four bytes after
 * a range check.
 *
 * <p>The values are the ones the text format would load: timestamps are rounded to the microsecond
 * (ties to even) as PostgreSQL rounds their text, {@link SpecialValue}s become the server's NaN and
 * infinities, and what the server would reject in text (a NUL character, an unpaired surrogate, an
 * integer out of the column's range) is rejected here with the reason and never the value.
 */
final class CopyBinaryEncoder implements CopyEncoder {
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
  };
  private static final int BUFFER_SIZE = 1 << 17;

  /** Longest text copied into the buffer; longer text is handed to the output directly. */
  private static final int SHORT_BYTES = BUFFER_SIZE / 8;

  /** Microseconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01, both UTC. */
  private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

  private static final int POSTGRES_EPOCH_DAYS = 10_957;
  private static final short NUMERIC_POSITIVE = 0x0000;
  private static final short NUMERIC_NEGATIVE = 0x4000;
  private static final short NUMERIC_NAN = (short) 0xC000;
  private static final short NUMERIC_POSITIVE_INFINITY = (short) 0xD000;
  private static final short NUMERIC_NEGATIVE_INFINITY = (short) 0xF000;
  private static final int NUMERIC_BASE = 10_000;

  /** Decimals with at most this many digits are split into base-10000 digits as a {@code long}. */
  private static final int COMPACT_DIGITS = 15;

  private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000};
  private static final BigInteger[] BIG_POWERS_OF_TEN = {
    BigInteger.ONE, BigInteger.TEN, BigInteger.valueOf(100), BigInteger.valueOf(1_000)
  };

  private final Output output;
  private final BinaryColumnType[] columnTypes;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private short[] digits = new short[8];
  private int position;
  private int column;

  CopyBinaryEncoder(Output output, List<BinaryColumnType> columnTypes) {
    this.output = output;
    this.columnTypes = columnTypes.toArray(BinaryColumnType[]::new);
  }

  @Override
  public String copyOptions() {
    return " (FORMAT binary)";
  }

  @Override
  public void begin() throws SQLException {
    ensure(SIGNATURE.length + 2 * Integer.BYTES);
    System.arraycopy(SIGNATURE, 0, buffer, position, SIGNATURE.length);
    position += SIGNATURE.length;
    putInt(0);
    putInt(0);
  }

  @Override
  public void writeRow(Object[] row) throws SQLException {
    if (row.length != columnTypes.length) {
      throw new UnencodableValueException(
          Math.min(row.length, columnTypes.length), "row has " + row.length + " values");
    }
    ensure(Short.BYTES);
    putShort((short) row.length);
    for (column = 0; column < row.length; column++) {
      writeField(columnTypes[column], row[column]);
    }
  }

  @Override
  public void end() throws SQLException {
    ensure(Short.BYTES);
    putShort((short) -1);
    flush();
  }

  void flush() throws SQLException {
    if (position > 0) {
      output.write(buffer, 0, position);
      position = 0;
    }
  }

  private void writeField(BinaryColumnType type, Object value) throws SQLException {
    if (value == null) {
      ensure(Integer.BYTES);
      putInt(-1);
      return;
    }
    switch (type) {
      case TEXT, VARCHAR, BPCHAR -> writeText(value);
      case INT8 -> writeFixed8(integer(value));
      case INT4 -> writeInt4(integer(value));
      case INT2 -> writeInt2(integer(value));
      case NUMERIC -> writeNumeric(value);
      case TIMESTAMPTZ -> writeFixed8(timestampTz(value));
      case TIMESTAMP -> writeFixed8(timestamp(value));
      case DATE -> writeDate(value);
      case TIME -> writeFixed8(time(value));
      case FLOAT8 -> writeFixed8(Double.doubleToRawLongBits(floating(value)));
      case FLOAT4 -> writeFloat4(floating(value));
      case BOOL -> writeBool(value);
      case JSONB -> writeJson(value, true);
      case JSON -> writeJson(value, false);
      case BYTEA -> writeBytes(as(byte[].class, value));
      case UUID -> writeUuid(as(UUID.class, value));
    }
  }

  private void writeText(Object value) throws SQLException {
    String text =
        switch (value) {
          case String s -> s;
          case Long l -> l.toString();
          case Integer i -> i.toString();
          case BigDecimal d -> d.toPlainString();
          case Double d -> d.toString();
          case Boolean b -> b ? "t" : "f";
          case UUID u -> u.toString();
          default -> throw wrongClass(value);
        };
    writeUtf8(utf8(text), 0);
  }

  /**
   * Writes a length word and the bytes, with {@code prefix} ({@code 1} for jsonb) when non-zero.
   */
  private void writeUtf8(byte[] bytes, int prefix) throws SQLException {
    int prefixBytes = prefix == 0 ? 0 : 1;
    int length = bytes.length + prefixBytes;
    if (length <= SHORT_BYTES) {
      ensure(Integer.BYTES + length);
      putInt(length);
      if (prefixBytes == 1) {
        buffer[position++] = (byte) prefix;
      }
      System.arraycopy(bytes, 0, buffer, position, bytes.length);
      position += bytes.length;
      return;
    }
    ensure(Integer.BYTES + prefixBytes);
    putInt(length);
    if (prefixBytes == 1) {
      buffer[position++] = (byte) prefix;
    }
    flush();
    output.write(bytes, 0, bytes.length);
  }

  /**
   * The UTF-8 bytes of {@code text}. The JDK's encoder writes {@code ?} for an unpaired surrogate
   * and keeps NUL, which PostgreSQL cannot store: text whose bytes hold either is checked closely.
   */
  private byte[] utf8(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (ByteScan.hasControlBackslashOrQuestionMark(bytes, 0, bytes.length)) {
      checkText(text);
    }
    return bytes;
  }

  private void checkText(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new UnencodableValueException(
          column, "text holds a NUL character, which PostgreSQL cannot store");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new UnencodableValueException(column, "text holds an unpaired UTF-16 surrogate");
      }
    }
  }

  private void writeJson(Object value, boolean jsonb) throws SQLException {
    String json = as(JsonValue.class, value).json();
    writeUtf8(utf8(json), jsonb ? 1 : 0);
  }

  private long integer(Object value) {
    return switch (value) {
      case Long l -> l;
      case Integer i -> i;
      case Short s -> s;
      default -> throw wrongClass(value);
    };
  }

  private void writeFixed8(long bits) throws SQLException {
    ensure(Integer.BYTES + Long.BYTES);
    putInt(Long.BYTES);
    putLong(bits);
  }

  private void writeInt4(long value) throws SQLException {
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw outOfRange("integer");
    }
    ensure(2 * Integer.BYTES);
    putInt(Integer.BYTES);
    putInt((int) value);
  }

  private void writeInt2(long value) throws SQLException {
    if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
      throw outOfRange("smallint");
    }
    ensure(Integer.BYTES + Short.BYTES);
    putInt(Short.BYTES);
    putShort((short) value);
  }

  private double floating(Object value) {
    return switch (value) {
      case Double d -> d;
      case Float f -> f;
      case SpecialValue s ->
          switch (s) {
            case NAN -> Double.NaN;
            case POSITIVE_INFINITY -> Double.POSITIVE_INFINITY;
            case NEGATIVE_INFINITY -> Double.NEGATIVE_INFINITY;
          };
      default -> throw wrongClass(value);
    };
  }

  /** A {@code real}, refused where PostgreSQL refuses the text: overflow, or underflow to zero. */
  private void writeFloat4(double value) throws SQLException {
    float narrow = (float) value;
    boolean overflow = Float.isInfinite(narrow) && !Double.isInfinite(value);
    boolean underflow = narrow == 0f && value != 0d;
    if (overflow || underflow) {
      throw outOfRange("real");
    }
    ensure(2 * Integer.BYTES);
    putInt(Float.BYTES);
    putInt(Float.floatToRawIntBits(narrow));
  }

  private void writeBool(Object value) throws SQLException {
    boolean b = as(Boolean.class, value);
    ensure(Integer.BYTES + 1);
    putInt(1);
    buffer[position++] = (byte) (b ? 1 : 0);
  }

  private void writeBytes(byte[] bytes) throws SQLException {
    if (bytes.length <= SHORT_BYTES) {
      ensure(Integer.BYTES + bytes.length);
      putInt(bytes.length);
      System.arraycopy(bytes, 0, buffer, position, bytes.length);
      position += bytes.length;
      return;
    }
    ensure(Integer.BYTES);
    putInt(bytes.length);
    flush();
    output.write(bytes, 0, bytes.length);
  }

  private void writeUuid(UUID uuid) throws SQLException {
    ensure(Integer.BYTES + 2 * Long.BYTES);
    putInt(2 * Long.BYTES);
    putLong(uuid.getMostSignificantBits());
    putLong(uuid.getLeastSignificantBits());
  }

  /** Days since 2000-01-01; PostgreSQL's infinities are the extreme {@code int} values. */
  private void writeDate(Object value) throws SQLException {
    int days;
    if (value instanceof LocalDate date) {
      long epochDays = date.toEpochDay() - POSTGRES_EPOCH_DAYS;
      if (epochDays <= Integer.MIN_VALUE || epochDays >= Integer.MAX_VALUE) {
        throw outOfRange("date");
      }
      days = (int) epochDays;
    } else {
      days = infinity(value) ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    }
    ensure(2 * Integer.BYTES);
    putInt(Integer.BYTES);
    putInt(days);
  }

  private long timestamp(Object value) {
    if (value instanceof LocalDateTime t) {
      return micros(t.toEpochSecond(ZoneOffset.UTC), t.getNano(), "timestamp");
    }
    return infinity(value) ? Long.MAX_VALUE : Long.MIN_VALUE;
  }

  private long timestampTz(Object value) {
    if (value instanceof OffsetDateTime t) {
      return micros(t.toEpochSecond(), t.getNano(), "timestamp with time zone");
    }
    return infinity(value) ? Long.MAX_VALUE : Long.MIN_VALUE;
  }

  private long time(Object value) {
    LocalTime time = as(LocalTime.class, value);
    return roundedMicros(time.toNanoOfDay());
  }

  /** Microseconds since 2000-01-01 UTC; the extreme {@code long}s are the infinities. */
  private long micros(long epochSecond, int nanos, String typeName) {
    try {
      long seconds = Math.subtractExact(epochSecond, POSTGRES_EPOCH_SECONDS);
      long micros = Math.addExact(Math.multiplyExact(seconds, 1_000_000L), roundedMicros(nanos));
      if (micros == Long.MIN_VALUE || micros == Long.MAX_VALUE) {
        throw outOfRange(typeName);
      }
      return micros;
    } catch (ArithmeticException e) {
      throw outOfRange(typeName);
    }
  }

  /** Nanoseconds to microseconds, to the nearest and ties to even, as PostgreSQL rounds text. */
  private static long roundedMicros(long nanos) {
    long micros = nanos / 1_000;
    long rest = nanos % 1_000;
    if (rest > 500 || (rest == 500 && (micros & 1) == 1)) {
      micros++;
    }
    return micros;
  }

  /** Whether a special temporal value is +infinity (true) or -infinity (false). */
  private boolean infinity(Object value) {
    if (value instanceof SpecialValue s && s != SpecialValue.NAN) {
      return s == SpecialValue.POSITIVE_INFINITY;
    }
    if (value instanceof SpecialValue) {
      throw new UnencodableValueException(
          column, "special value NAN cannot be stored in a date or time column");
    }
    throw wrongClass(value);
  }

  private void writeNumeric(Object value) throws SQLException {
    switch (value) {
      case BigDecimal d -> writeDecimal(d);
      case Long l -> writeDecimal(BigDecimal.valueOf(l));
      case SpecialValue s ->
          writeNumericHeader(
              0,
              0,
              switch (s) {
                case NAN -> NUMERIC_NAN;
                case POSITIVE_INFINITY -> NUMERIC_POSITIVE_INFINITY;
                case NEGATIVE_INFINITY -> NUMERIC_NEGATIVE_INFINITY;
              },
              0);
      default -> throw wrongClass(value);
    }
  }

  /**
   * Writes a decimal as PostgreSQL's numeric: base-10000 digits, most significant first, the weight
   * (power of 10000) of the first one, the sign and the display scale. The unscaled value is padded
   * with zeros until the point falls between base-10000 digits; trailing zero digits are left out.
   */
  private void writeDecimal(BigDecimal value) throws SQLException {
    if (value.scale() < 0) {
      value = value.setScale(0);
    }
    int scale = value.scale();
    short sign = value.signum() < 0 ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE;
    int padding = (4 - scale % 4) % 4;
    int fractionDigits = (scale + padding) / 4;
    int count =
        value.precision() <= COMPACT_DIGITS
            ? compactDigits(Math.abs(value.unscaledValue().longValue()) * POWERS_OF_TEN[padding])
            : bigDigits(value.unscaledValue().abs().multiply(BIG_POWERS_OF_TEN[padding]));
    if (count == 0) {
      writeNumericHeader(0, 0, NUMERIC_POSITIVE, scale);
      return;
    }
    int weight = count - 1 - fractionDigits;
    int kept = count;
    while (kept > 1 && digitAt(count, kept - 1) == 0) {
      kept--;
    }
    writeNumericHeader(kept, weight, sign, scale);
    for (int i = 0; i < kept; i++) {
      putShort(digitAt(count, i));
    }
  }

  /** The {@code i}-th base-10000 digit from the most significant; {@link #digits} is reversed. */
  private short digitAt(int count, int i) {
    return digits[count - 1 - i];
  }

  /** Splits {@code unscaled} into {@link #digits}, least significant first; returns the count. */
  private int compactDigits(long unscaled) {
    int count = 0;
    while (unscaled != 0) {
      digits[count++] = (short) (unscaled % NUMERIC_BASE);
      unscaled /= NUMERIC_BASE;
    }
    return count;
  }

  private int bigDigits(BigInteger unscaled) {
    String text = unscaled.toString();
    int count = (text.length() + 3) / 4;
    if (unscaled.signum() == 0) {
      return 0;
    }
    ensureDigits(count);
    int end = text.length();
    for (int i = 0; i < count; i++) {
      int start = Math.max(0, end - 4);
      digits[i] = (short) Integer.parseInt(text, start, end, 10);
      end = start;
    }
    return count;
  }

  private void ensureDigits(int count) {
    if (count > digits.length) {
      digits = new short[count];
    }
  }

  private void writeNumericHeader(int count, int weight, short sign, int scale)
      throws SQLException {
    if (weight > Short.MAX_VALUE || weight < Short.MIN_VALUE || scale > 0x3FFF) {
      throw outOfRange("numeric");
    }
    int length = 4 * Short.BYTES + count * Short.BYTES;
    ensure(Integer.BYTES + length);
    putInt(length);
    putShort((short) count);
    putShort((short) weight);
    putShort(sign);
    putShort((short) scale);
  }

  private <T> T as(Class<T> type, Object value) {
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    throw wrongClass(value);
  }

  private UnencodableValueException wrongClass(Object value) {
    return new UnencodableValueException(
        column,
        "a value of class "
            + value.getClass().getSimpleName()
            + " does not fit the destination column's type "
            + columnTypes[column].sqlName());
  }

  private UnencodableValueException outOfRange(String typeName) {
    return new UnencodableValueException(column, "value out of range for type " + typeName);
  }

  private void putShort(short value) {
    buffer[position++] = (byte) (value >> 8);
    buffer[position++] = (byte) value;
  }

  private void putInt(int value) {
    buffer[position++] = (byte) (value >> 24);
    buffer[position++] = (byte) (value >> 16);
    buffer[position++] = (byte) (value >> 8);
    buffer[position++] = (byte) value;
  }

  private void putLong(long value) {
    putInt((int) (value >> 32));
    putInt((int) value);
  }

  private void ensure(int bytes) throws SQLException {
    if (position > buffer.length - bytes) {
      flush();
    }
  }
}
