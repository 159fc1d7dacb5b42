package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.ConnectorException;
import java.util.List;

/**
 * Decodes rows of PostgreSQL's COPY text format: fields separated by tabs, {@code \N} for NULL, and
 * backslash escapes for backslash, tab, newline and the other control characters. One pass over the
 * line, eight bytes at a time, finds each field's end and whether it holds a backslash; fields
 * without one are decoded in place, without copying.
 */
final class CopyRowDecoder {
  private final String stream;
  private final List<String> columnNames;
  private final FieldDecoder[] decoders;
  private byte[] scratch = new byte[256];

  CopyRowDecoder(String stream, List<String> columnNames, List<FieldDecoder> decoders) {
    this.stream = stream;
    this.columnNames = List.copyOf(columnNames);
    this.decoders = decoders.toArray(FieldDecoder[]::new);
  }

  /**
   * Decodes one row as sent by the server: the whole line, with or without its final newline.
   *
   * @param rowNumber 1-based position of the row in the stream, for error messages
   */
  Object[] decode(byte[] line, long rowNumber) {
    int end = line.length;
    if (end > 0 && line[end - 1] == '\n') {
      end--;
    }
    Object[] values = new Object[decoders.length];
    int start = 0;
    for (int column = 0; column < decoders.length; column++) {
      int stop = ByteScan.indexOfTabOrBackslash(line, start, end);
      boolean escaped = stop < end && line[stop] == '\\';
      if (escaped) {
        // Escapes never contain a raw tab: the first one still ends the field.
        stop = ByteScan.indexOfTab(line, stop, end);
      }
      if (stop == end && column < decoders.length - 1
          || stop < end && column == values.length - 1) {
        throw fieldCountMismatch(rowNumber);
      }
      values[column] = field(line, start, stop, escaped, column, rowNumber);
      start = stop + 1;
    }
    return values;
  }

  private Object field(
      byte[] line, int start, int stop, boolean escaped, int column, long rowNumber) {
    int length = stop - start;
    if (escaped && length == 2 && line[start] == '\\' && line[start + 1] == 'N') {
      return null;
    }
    try {
      if (!escaped) {
        return decoders[column].decode(line, start, length);
      }
      int unescaped = unescape(line, start, stop);
      return decoders[column].decode(scratch, 0, unescaped);
    } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Cannot decode stream "
              + stream
              + ", column "
              + columnNames.get(column)
              + ", row "
              + rowNumber
              + ": "
              + e.getMessage());
    }
  }

  private int unescape(byte[] line, int start, int stop) {
    if (scratch.length < stop - start) {
      scratch = new byte[Math.max(stop - start, scratch.length * 2)];
    }
    int length = 0;
    int i = start;
    while (i < stop) {
      byte b = line[i++];
      if (b != '\\' || i == stop) {
        scratch[length++] = b;
        continue;
      }
      byte code = line[i++];
      switch (code) {
        case 'b' -> scratch[length++] = '\b';
        case 'f' -> scratch[length++] = '\f';
        case 'n' -> scratch[length++] = '\n';
        case 'r' -> scratch[length++] = '\r';
        case 't' -> scratch[length++] = '\t';
        case 'v' -> scratch[length++] = 0x0b;
        case 'x' -> i = hex(line, i, stop, length++);
        default -> {
          if (code >= '0' && code <= '7') {
            i = octal(line, i - 1, stop, length++);
          } else {
            scratch[length++] = code;
          }
        }
      }
    }
    return length;
  }

  private int hex(byte[] line, int i, int stop, int target) {
    int value = 0;
    int digits = 0;
    while (i < stop && digits < 2 && Character.digit(line[i], 16) >= 0) {
      value = value * 16 + Character.digit(line[i], 16);
      i++;
      digits++;
    }
    if (digits == 0) {
      scratch[target] = 'x';
      return i;
    }
    scratch[target] = (byte) value;
    return i;
  }

  private int octal(byte[] line, int i, int stop, int target) {
    int value = 0;
    int digits = 0;
    while (i < stop && digits < 3 && line[i] >= '0' && line[i] <= '7') {
      value = value * 8 + (line[i] - '0');
      i++;
      digits++;
    }
    scratch[target] = (byte) value;
    return i;
  }

  private ConnectorException fieldCountMismatch(long rowNumber) {
    return new ConnectorException(
        ConnectorException.Kind.INTERNAL,
        "Row "
            + rowNumber
            + " of stream "
            + stream
            + " does not have "
            + decoders.length
            + " fields as requested");
  }
}
