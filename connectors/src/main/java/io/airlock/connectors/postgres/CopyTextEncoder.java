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
 * Writes rows in PostgreSQL's COPY text format into a 64 KiB buffer that is handed to the COPY
 * stream whenever it fills. Text is encoded to UTF-8 here, escaping backslash, tab, newline and
 * carriage return; NULL is {@code \N}; bytea is hex; dates and timestamps use PostgreSQL's own
 * forms ({@code BC} suffix, five-digit years without a sign, {@code infinity}).
 */
final class CopyTextEncoder {
  /** Where encoded bytes go: the open COPY stream. */
  @FunctionalInterface
  interface Output {
    void write(byte[] bytes, int offset, int length) throws SQLException;
  }

  /** A value that has no COPY text form; the message names the reason, never the value. */
  static final class UnencodableValueException extends RuntimeException {
    private final int column;

    UnencodableValueException(int column, String reason) {
      super(reason, null, false, false);
      this.column = column;
    }

    int column() {
      return column;
    }
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final int BUFFER_SIZE = 1 << 16;

  private final Output output;
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
    this.elementTypes = new DataType[this.types.length];
    for (int i = 0; i < this.types.length; i++) {
      DataType type = this.types[i];
      while (type.kind() == DataType.Kind.ARRAY) {
        type = type.element();
      }
      elementTypes[i] = type;
    }
  }

  /**
   * Appends one row.
   *
   * @throws UnencodableValueException when a value has no COPY text form; the row may then be
   *     partly written and the COPY must be abandoned
   */
  void writeRow(Object[] row) throws SQLException {
    if (row.length != types.length) {
      throw new UnencodableValueException(
          Math.min(row.length, types.length), "row has " + row.length + " values");
    }
    for (column = 0; column < row.length; column++) {
      if (column > 0) {
        put((byte) '\t');
      }
      writeValue(row[column]);
    }
    put((byte) '\n');
  }

  /** Hands everything buffered to the output. */
  void flush() throws SQLException {
    if (position > 0) {
      output.write(buffer, 0, position);
      position = 0;
    }
  }

  private void writeValue(Object value) throws SQLException {
    switch (value) {
      case null -> {
        put((byte) '\\');
        put((byte) 'N');
      }
      case String s -> writeEscaped(s);
      case Long l -> writeLong(l);
      case BigDecimal d -> writeAscii(d.toPlainString());
      case Double d -> writeAscii(Double.toString(d));
      case Boolean b -> put(b ? (byte) 't' : (byte) 'f');
      case JsonValue json -> writeEscaped(json.json());
      case byte[] bytes -> writeHex(bytes);
      case UUID uuid -> writeAscii(uuid.toString());
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

  private void writeLong(long value) throws SQLException {
    ensure(20);
    if (value == Long.MIN_VALUE) {
      writeAscii("-9223372036854775808");
      return;
    }
    if (value < 0) {
      buffer[position++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    int end = position + digits;
    for (int p = end - 1; p >= position; p--) {
      buffer[p] = (byte) ('0' + value % 10);
      value /= 10;
    }
    position = end;
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

  private void writeEscaped(CharSequence s) throws SQLException {
    int length = s.length();
    if (chars.length < length) {
      chars = new char[Math.max(length, chars.length * 2)];
    }
    if (s instanceof String string) {
      string.getChars(0, length, chars, 0);
    } else {
      ((StringBuilder) s).getChars(0, length, chars, 0);
    }
    char[] source = chars;
    for (int i = 0; i < length; i++) {
      if (position > buffer.length - 4) {
        flush();
      }
      char c = source[i];
      if (c >= 0x80) {
        i = writeMultiByte(source, length, i, c);
      } else if (c >= 0x20 && c != '\\') {
        buffer[position++] = (byte) c;
      } else {
        writeControl(c);
      }
    }
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
