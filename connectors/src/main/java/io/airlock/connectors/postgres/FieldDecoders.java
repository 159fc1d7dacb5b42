package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.SpecialValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Decoders for PostgreSQL's text output, one per {@link DataType.Kind}. */
final class FieldDecoders {
  private FieldDecoders() {}

  /**
   * A decoder for values of {@code type}.
   *
   * @param arrayDelimiter the element delimiter of array literals ({@code ,} for all but a few
   *     geometric types)
   */
  static FieldDecoder forType(DataType type, byte arrayDelimiter) {
    return switch (type.kind()) {
      case TEXT -> FieldDecoders::text;
      case INTEGER -> FieldDecoders::integer;
      case DECIMAL -> new DecimalDecoder();
      case FLOAT -> FieldDecoders::floatingPoint;
      case BOOLEAN -> FieldDecoders::bool;
      case DATE -> new PgTemporalText()::parseDate;
      case TIME -> new PgTemporalText()::parseTime;
      case TIMESTAMP -> new PgTemporalText()::parseTimestamp;
      case TIMESTAMPTZ -> new PgTemporalText()::parseTimestampTz;
      case BYTES -> FieldDecoders::hexBytes;
      case JSON -> (bytes, offset, length) -> new JsonValue(text(bytes, offset, length));
      case UUID -> FieldDecoders::uuid;
      case ARRAY ->
          new PgArrayText.Parser(forType(type.element(), arrayDelimiter), arrayDelimiter)::parse;
    };
  }

  static String text(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  static Long integer(byte[] bytes, int offset, int length) {
    int end = offset + length;
    boolean negative = length > 0 && bytes[offset] == '-';
    int position = negative ? offset + 1 : offset;
    if (position == end || end - position > 19) {
      throw new IllegalArgumentException("not an integer");
    }
    long value = 0;
    while (position < end) {
      int digit = bytes[position++] - '0';
      if (digit < 0 || digit > 9) {
        throw new IllegalArgumentException("not an integer");
      }
      // Accumulate negatively so that Long.MIN_VALUE fits.
      value = value * 10 - digit;
      if (value > 0) {
        throw new IllegalArgumentException("integer out of range");
      }
    }
    if (!negative && value == Long.MIN_VALUE) {
      throw new IllegalArgumentException("integer out of range");
    }
    return negative ? value : -value;
  }

  static Double floatingPoint(byte[] bytes, int offset, int length) {
    return Double.valueOf(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
  }

  static Boolean bool(byte[] bytes, int offset, int length) {
    if (length == 1 && bytes[offset] == 't') {
      return Boolean.TRUE;
    }
    if (length == 1 && bytes[offset] == 'f') {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException("not a boolean");
  }

  static byte[] hexBytes(byte[] bytes, int offset, int length) {
    if (length < 2 || bytes[offset] != '\\' || bytes[offset + 1] != 'x' || length % 2 != 0) {
      throw new IllegalArgumentException("not bytea in hex format");
    }
    byte[] value = new byte[(length - 2) / 2];
    for (int i = 0, p = offset + 2; i < value.length; i++, p += 2) {
      value[i] = (byte) (hexDigit(bytes[p]) << 4 | hexDigit(bytes[p + 1]));
    }
    return value;
  }

  static UUID uuid(byte[] bytes, int offset, int length) {
    if (length != 36) {
      throw new IllegalArgumentException("not a UUID");
    }
    long high = 0;
    long low = 0;
    int digits = 0;
    for (int p = offset; p < offset + length; p++) {
      if (bytes[p] == '-') {
        continue;
      }
      long digit = hexDigit(bytes[p]);
      if (digits < 16) {
        high = high << 4 | digit;
      } else {
        low = low << 4 | digit;
      }
      digits++;
    }
    if (digits != 32) {
      throw new IllegalArgumentException("not a UUID");
    }
    return new UUID(high, low);
  }

  private static final byte[] HEX_VALUES = hexValues();

  private static byte[] hexValues() {
    byte[] values = new byte[256];
    java.util.Arrays.fill(values, (byte) -1);
    for (int i = 0; i < 10; i++) {
      values['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      values['a' + i] = (byte) (10 + i);
      values['A' + i] = (byte) (10 + i);
    }
    return values;
  }

  private static int hexDigit(byte b) {
    int value = HEX_VALUES[b & 0xff];
    if (value < 0) {
      throw new IllegalArgumentException("not a hexadecimal digit");
    }
    return value;
  }

  /**
   * Exact numeric values; never through {@code double}. PostgreSQL prints {@code numeric} as plain
   * digits with an optional sign and point; up to {@value #COMPACT_DIGITS} digits are accumulated
   * in a {@code long} and become {@code BigDecimal.valueOf(unscaled, scale)}, which equals, scale
   * included, what the {@code BigDecimal} text constructor (used for everything else) gives.
   */
  private static final class DecimalDecoder implements FieldDecoder {
    private static final int COMPACT_DIGITS = 18;

    private char[] chars = new char[64];

    @Override
    public Object decode(byte[] bytes, int offset, int length) {
      SpecialValue special = special(bytes, offset, length);
      if (special != null) {
        return special;
      }
      BigDecimal compact = compact(bytes, offset, length);
      return compact != null ? compact : parse(bytes, offset, length);
    }

    private static SpecialValue special(byte[] bytes, int offset, int length) {
      if (length == 0) {
        return null;
      }
      byte first = bytes[offset];
      if (first == 'N') {
        return SpecialValue.NAN;
      }
      if (first == 'I') {
        return SpecialValue.POSITIVE_INFINITY;
      }
      if (first == '-' && length > 1 && bytes[offset + 1] == 'I') {
        return SpecialValue.NEGATIVE_INFINITY;
      }
      return null;
    }

    /** The value of plain digits with an optional sign and point, or null for any other form. */
    private static BigDecimal compact(byte[] bytes, int offset, int length) {
      int end = offset + length;
      int position = offset;
      boolean negative = false;
      if (position < end && (bytes[position] == '-' || bytes[position] == '+')) {
        negative = bytes[position++] == '-';
      }
      long unscaled = 0;
      int digits = 0;
      int point = -1;
      for (; position < end; position++) {
        int digit = bytes[position] - '0';
        if (digit >= 0 && digit <= 9 && digits < COMPACT_DIGITS) {
          unscaled = unscaled * 10 + digit;
          digits++;
        } else if (bytes[position] == '.' && point < 0) {
          point = digits;
        } else {
          return null;
        }
      }
      if (digits == 0) {
        return null;
      }
      int scale = point < 0 ? 0 : digits - point;
      return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    private BigDecimal parse(byte[] bytes, int offset, int length) {
      if (chars.length < length) {
        chars = new char[Math.max(length, chars.length * 2)];
      }
      for (int i = 0; i < length; i++) {
        chars[i] = (char) bytes[offset + i];
      }
      try {
        return new BigDecimal(chars, 0, length);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a numeric value");
      }
    }
  }
}
