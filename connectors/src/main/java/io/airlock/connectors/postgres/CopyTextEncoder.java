package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Writes rows in PostgreSQL's COPY text format into a 128 KiB buffer that is handed to the COPY
 * stream whenever it fills. Text is encoded to UTF-8 here, escaping backslash, tab, newline and
 * carriage return; NULL is {@code \N}; bytea is hex; dates and timestamps use PostgreSQL's own
 * forms ({@code BC} suffix, five-digit years without a sign, {@code infinity}).
 *
 * <p>This is the destination's per-value hot path, so it writes bytes straight into the buffer: the
 * column's kind, fixed when the stream is opened, picks the writer, and numbers, dates and
 * timestamps are formatted digit by digit without intermediate strings. Values of the other kinds,
 * and values whose class is not the usual one for their column's kind (a {@link SpecialValue} in a
 * DECIMAL column, say), take the general path, which formats by the value's class.
 */
final class CopyTextEncoder implements CopyEncoder {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LONG_MIN =
      Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
  private static final int BUFFER_SIZE = 1 << 17;

  /** Longest text written through the bounded fast path, so that its worst case fits at once. */
  private static final int SHORT_TEXT = BUFFER_SIZE / 8;

  /**
   * Decimals with at most this many digits, and a scale in [0, this], are written digit by digit.
   */
  private static final int COMPACT_DIGITS = 18;

  private static final int MAX_LONG_BYTES = 20;
  private static final long[] LONG_POWERS_OF_TEN = longPowersOfTen();

  private final Output output;
  private final DataType.Kind[] kinds;
  private final Class<?>[] usualClasses;
  private final DataType[] types;
  private final DataType[] elementTypes;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private final StringBuilder text = new StringBuilder(64);
  private final StringBuilder element = new StringBuilder(64);
  private char[] chars = new char[256];
  private int position;
  private int column;

  CopyTextEncoder(Output output, List<DataType> types) {
    this.output = output;
    this.types = types.toArray(DataType[]::new);
    this.kinds = new DataType.Kind[this.types.length];
    this.usualClasses = new Class<?>[this.types.length];
    this.elementTypes = new DataType[this.types.length];
    for (int i = 0; i < this.types.length; i++) {
      DataType type = this.types[i];
      kinds[i] = type.kind();
      usualClasses[i] = usualClass(type.kind());
      while (type.kind() == DataType.Kind.ARRAY) {
        type = type.element();
      }
      elementTypes[i] = type;
    }
  }

  @Override
  public String copyOptions() {
    return "";
  }

  @Override
  public void begin() {}

  @Override
  public void writeRow(Object[] row) throws SQLException {
    if (row.length != kinds.length) {
      throw new UnencodableValueException(
          Math.min(row.length, kinds.length), "row has " + row.length + " values");
    }
    for (column = 0; column < row.length; column++) {
      ensure(MAX_LONG_BYTES + 1);
      if (column > 0) {
        buffer[position++] = '\t';
      }
      writeValue(kinds[column], row[column]);
    }
    put((byte) '\n');
  }

  @Override
  public void end() throws SQLException {
    flush();
  }

  /** Hands everything buffered to the output. */
  void flush() throws SQLException {
    if (position > 0) {
      output.write(buffer, 0, position);
      position = 0;
    }
  }

  /**
   * Writes a value by its column's kind when it has the kind's usual class, else by its class.
   * Checking one exact class and switching on the kind is cheaper than matching the value against
   * every class.
   */
  private void writeValue(DataType.Kind kind, Object value) throws SQLException {
    if (value == null) {
      buffer[position++] = '\\';
      buffer[position++] = 'N';
    } else if (value.getClass() != usualClasses[column]) {
      writeByClass(value);
    } else {
      switch (kind) {
        case TEXT -> writeText((String) value);
        case INTEGER -> writeLong((Long) value);
        case DECIMAL -> writeDecimal((BigDecimal) value);
        case DATE -> writeDate((LocalDate) value);
        case TIMESTAMP -> writeTimestamp((LocalDateTime) value);
        case TIMESTAMPTZ -> writeTimestampTz((OffsetDateTime) value);
        case JSON -> writeText(((JsonValue) value).json());
        default -> writeByClass(value);
      }
    }
  }

  /** The class of most values of {@code kind} that {@link #writeValue} writes directly. */
  private static Class<?> usualClass(DataType.Kind kind) {
    return switch (kind) {
      case TEXT -> String.class;
      case INTEGER -> Long.class;
      case DECIMAL -> BigDecimal.class;
      case DATE -> LocalDate.class;
      case TIMESTAMP -> LocalDateTime.class;
      case TIMESTAMPTZ -> OffsetDateTime.class;
      case JSON -> JsonValue.class;
      default -> Void.class;
    };
  }

  private void writeByClass(Object value) throws SQLException {
    switch (value) {
      case String s -> writeText(s);
      case Long l -> writeLong(l);
      case BigDecimal d -> writeDecimal(d);
      case Double d -> writeAscii(Double.toString(d));
      case Boolean b -> put(b ? (byte) 't' : (byte) 'f');
      case JsonValue json -> writeText(json.json());
      case byte[] bytes -> writeHex(bytes);
      case UUID uuid -> writeUuid(uuid);
      case LocalDate d -> writeDate(d);
      case LocalDateTime t -> writeTimestamp(t);
      case OffsetDateTime t -> writeTimestampTz(t);
      case List<?> list -> writeArray(list);
      default -> {
        text.setLength(0);
        appendScalar(text, value, types[column]);
        writeAscii(text);
      }
    }
  }

  private void writeArray(List<?> list) throws SQLException {
    text.setLength(0);
    PgArrayText.append(text, list, (out, e) -> appendScalar(out, e, elementTypes[column]), element);
    writeEscaped(text);
  }

  /** Appends the PostgreSQL text form of a non-null scalar value, unescaped. */
  private void appendScalar(StringBuilder out, Object value, DataType type) {
    switch (value) {
      case String s -> out.append(checkText(s));
      case Long l -> out.append(l.longValue());
      case Integer i -> out.append(i.intValue());
      case BigDecimal d -> out.append(d.toPlainString());
      case Double d -> out.append(d.doubleValue());
      case Boolean b -> out.append(b ? 't' : 'f');
      case LocalDate d -> PgTemporalText.appendDate(out, d);
      case LocalTime t -> PgTemporalText.appendTime(out, t);
      case LocalDateTime t -> PgTemporalText.appendTimestamp(out, t);
      case OffsetDateTime t -> PgTemporalText.appendTimestampTz(out, t);
      case SpecialValue s -> out.append(special(s, type));
      case JsonValue json -> out.append(checkText(json.json()));
      case UUID uuid -> out.append(uuid);
      case byte[] bytes -> appendHex(out, bytes);
      default ->
          throw new UnencodableValueException(
              column, "values of class " + value.getClass().getSimpleName() + " are not supported");
    }
  }

  private String checkText(String s) {
    if (s.indexOf('\0') >= 0) {
      throw nulCharacter();
    }
    return s;
  }

  private String special(SpecialValue value, DataType type) {
    switch (type.kind()) {
      case DECIMAL, FLOAT -> {
        return switch (value) {
          case NAN -> "NaN";
          case POSITIVE_INFINITY -> "Infinity";
          case NEGATIVE_INFINITY -> "-Infinity";
        };
      }
      case DATE, TIMESTAMP, TIMESTAMPTZ -> {
        if (value != SpecialValue.NAN) {
          return value == SpecialValue.POSITIVE_INFINITY ? "infinity" : "-infinity";
        }
      }
      default -> {}
    }
    throw new UnencodableValueException(
        column, "special value " + value + " cannot be stored in a " + type.kind() + " column");
  }

  private static void appendHex(StringBuilder out, byte[] bytes) {
    out.append("\\x");
    for (byte b : bytes) {
      out.append((char) HEX[(b >> 4) & 0xf]).append((char) HEX[b & 0xf]);
    }
  }

  private void writeHex(byte[] bytes) throws SQLException {
    ensure(3);
    // The bytea hex prefix \x, with its backslash escaped for COPY.
    buffer[position++] = '\\';
    buffer[position++] = '\\';
    buffer[position++] = 'x';
    for (byte b : bytes) {
      ensure(2);
      buffer[position++] = HEX[(b >> 4) & 0xf];
      buffer[position++] = HEX[b & 0xf];
    }
  }

  private void writeUuid(UUID uuid) throws SQLException {
    ensure(36);
    writeHexDigits(uuid.getMostSignificantBits() >>> 32, 8);
    buffer[position++] = '-';
    writeHexDigits(uuid.getMostSignificantBits() >>> 16, 4);
    buffer[position++] = '-';
    writeHexDigits(uuid.getMostSignificantBits(), 4);
    buffer[position++] = '-';
    writeHexDigits(uuid.getLeastSignificantBits() >>> 48, 4);
    buffer[position++] = '-';
    writeHexDigits(uuid.getLeastSignificantBits(), 12);
  }

  /** Writes the low {@code digits} hex digits of {@code bits}. */
  private void writeHexDigits(long bits, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      buffer[position + i] = HEX[(int) (bits & 0xf)];
      bits >>>= 4;
    }
    position += digits;
  }

  /** Writes decimal digits; the caller has ensured {@link #MAX_LONG_BYTES} bytes of room. */
  private void writeLong(long value) {
    if (value == Long.MIN_VALUE) {
      System.arraycopy(LONG_MIN, 0, buffer, position, LONG_MIN.length);
      position += LONG_MIN.length;
      return;
    }
    if (value < 0) {
      buffer[position++] = '-';
      value = -value;
    }
    position = writeDigits(buffer, position, value, digitCount(value));
  }

  /**
   * Writes {@link BigDecimal#toPlainString()} without building it: sign, integer digits, point and
   * exactly {@code scale} fraction digits. Values with more digits or an unusual scale are rare and
   * take {@code toPlainString} itself.
   */
  private void writeDecimal(BigDecimal value) throws SQLException {
    int scale = value.scale();
    if (value.precision() > COMPACT_DIGITS || scale < 0 || scale > COMPACT_DIGITS) {
      writeAscii(value.toPlainString());
      return;
    }
    long unscaled = value.unscaledValue().longValue();
    ensure(2 * COMPACT_DIGITS + 3);
    if (unscaled < 0) {
      buffer[position++] = '-';
      unscaled = -unscaled;
    }
    int digits = digitCount(unscaled);
    if (scale == 0) {
      position = writeDigits(buffer, position, unscaled, digits);
    } else if (digits > scale) {
      long power = LONG_POWERS_OF_TEN[scale];
      position = writeDigits(buffer, position, unscaled / power, digits - scale);
      buffer[position++] = '.';
      position = writeDigits(buffer, position, unscaled % power, scale);
    } else {
      buffer[position++] = '0';
      buffer[position++] = '.';
      position = writeDigits(buffer, position, unscaled, scale);
    }
  }

  private static long[] longPowersOfTen() {
    long[] powers = new long[19];
    powers[0] = 1;
    for (int i = 1; i < powers.length; i++) {
      powers[i] = powers[i - 1] * 10;
    }
    return powers;
  }

  /** Digits of the non-negative {@code value}: 1 for 0 to 9, and so on. */
  private static int digitCount(long value) {
    int digits = 1;
    while (digits < LONG_POWERS_OF_TEN.length && value >= LONG_POWERS_OF_TEN[digits]) {
      digits++;
    }
    return digits;
  }

  /** Writes the non-negative {@code value} as exactly {@code digits} digits, zero-padded. */
  private static int writeDigits(byte[] out, int p, long value, int digits) {
    int end = p + digits;
    int i = end;
    while (value >= 100) {
      int pair = (int) (value % 100);
      value /= 100;
      out[--i] = (byte) ('0' + pair % 10);
      out[--i] = (byte) ('0' + pair / 10);
    }
    int last = (int) value;
    out[--i] = (byte) ('0' + last % 10);
    if (last >= 10) {
      out[--i] = (byte) ('0' + last / 10);
    }
    while (i > p) {
      out[--i] = '0';
    }
    return end;
  }

  private void writeDate(LocalDate date) throws SQLException {
    ensure(PgTemporalText.MAX_TEXT_BYTES);
    position = PgTemporalText.writeDate(buffer, position, date);
  }

  private void writeTimestamp(LocalDateTime timestamp) throws SQLException {
    ensure(PgTemporalText.MAX_TEXT_BYTES);
    position = PgTemporalText.writeTimestamp(buffer, position, timestamp);
  }

  private void writeTimestampTz(OffsetDateTime timestamp) throws SQLException {
    ensure(PgTemporalText.MAX_TEXT_BYTES);
    position = PgTemporalText.writeTimestampTz(buffer, position, timestamp);
  }

  private void writeAscii(CharSequence s) throws SQLException {
    int length = s.length();
    for (int i = 0; i < length; i++) {
      if (position == buffer.length) {
        flush();
      }
      buffer[position++] = (byte) s.charAt(i);
    }
  }

  /**
   * Writes text as UTF-8 with COPY escapes. Short text is encoded by the JDK's own UTF-8 encoder
   * and, when it holds nothing to escape, copied as is: no control character, no backslash, and no
   * question mark, which is also what the JDK writes for an unpaired surrogate (an error here).
   * Anything else goes through {@link #writeChars}.
   */
  private void writeText(String s) throws SQLException {
    if (s.length() <= SHORT_TEXT) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      if (!ByteScan.hasControlBackslashOrQuestionMark(utf8, 0, utf8.length)) {
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buffer, position, utf8.length);
        position += utf8.length;
        return;
      }
    }
    writeChars(s);
  }

  /**
   * Writes text character by character. A short text makes room for its worst case once (three
   * bytes per UTF-16 unit) and is copied in one tight loop; a long one goes through the checked
   * loop of {@link #writeEscaped}.
   */
  private void writeChars(String s) throws SQLException {
    int length = s.length();
    if (length > SHORT_TEXT) {
      writeEscaped(s);
      return;
    }
    ensure(3 * length);
    char[] source = charsOf(s, length);
    byte[] out = buffer;
    int p = position;
    for (int i = 0; i < length; i++) {
      char c = source[i];
      if (c >= 0x20 && c < 0x80 && c != '\\') {
        out[p++] = (byte) c;
      } else {
        position = p;
        i = writeSpecialChar(source, length, i, c);
        p = position;
      }
    }
    position = p;
  }

  private void writeEscaped(CharSequence s) throws SQLException {
    int length = s.length();
    char[] source = charsOf(s, length);
    for (int i = 0; i < length; i++) {
      if (position > buffer.length - 4) {
        flush();
      }
      char c = source[i];
      if (c >= 0x20 && c < 0x80 && c != '\\') {
        buffer[position++] = (byte) c;
      } else {
        i = writeSpecialChar(source, length, i, c);
      }
    }
  }

  private char[] charsOf(CharSequence s, int length) {
    if (chars.length < length) {
      chars = new char[Math.max(length, chars.length * 2)];
    }
    if (s instanceof String string) {
      string.getChars(0, length, chars, 0);
    } else {
      ((StringBuilder) s).getChars(0, length, chars, 0);
    }
    return chars;
  }

  /** Writes a character that needs an escape or more than one byte; returns the last index used. */
  private int writeSpecialChar(char[] source, int length, int i, char c) {
    if (c >= 0x80) {
      return writeMultiByte(source, length, i, c);
    }
    writeControl(c);
    return i;
  }

  private void writeControl(char c) {
    byte escape =
        switch (c) {
          case '\\' -> '\\';
          case '\n' -> 'n';
          case '\r' -> 'r';
          case '\t' -> 't';
          case '\0' -> throw nulCharacter();
          default -> 0;
        };
    if (escape == 0) {
      buffer[position++] = (byte) c;
    } else {
      buffer[position++] = '\\';
      buffer[position++] = escape;
    }
  }

  private int writeMultiByte(char[] s, int length, int i, char c) {
    if (c < 0x800) {
      buffer[position++] = (byte) (0xc0 | c >> 6);
      buffer[position++] = (byte) (0x80 | c & 0x3f);
      return i;
    }
    if (!Character.isSurrogate(c)) {
      buffer[position++] = (byte) (0xe0 | c >> 12);
      buffer[position++] = (byte) (0x80 | c >> 6 & 0x3f);
      buffer[position++] = (byte) (0x80 | c & 0x3f);
      return i;
    }
    char low = i + 1 < length ? s[i + 1] : 0;
    if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(low)) {
      throw new UnencodableValueException(column, "text holds an unpaired UTF-16 surrogate");
    }
    int codePoint = Character.toCodePoint(c, low);
    buffer[position++] = (byte) (0xf0 | codePoint >> 18);
    buffer[position++] = (byte) (0x80 | codePoint >> 12 & 0x3f);
    buffer[position++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
    buffer[position++] = (byte) (0x80 | codePoint & 0x3f);
    return i + 1;
  }

  private UnencodableValueException nulCharacter() {
    return new UnencodableValueException(
        column, "text holds a NUL character, which PostgreSQL cannot store");
  }

  private void put(byte b) throws SQLException {
    if (position == buffer.length) {
      flush();
    }
    buffer[position++] = b;
  }

  private void ensure(int bytes) throws SQLException {
    if (position > buffer.length - bytes) {
      flush();
    }
  }
}
