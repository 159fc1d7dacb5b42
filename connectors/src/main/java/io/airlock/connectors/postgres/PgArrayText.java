package io.airlock.connectors.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL array literals such as <code>{"a,b","c\"d",NULL}</code>: parsing into lists (nested
 * for multi-dimensional arrays) and writing lists back.
 */
final class PgArrayText {
  private PgArrayText() {}

  /** Parses array literals whose elements are decoded by one {@link FieldDecoder}. */
  static final class Parser {
    private final FieldDecoder element;
    private final byte delimiter;
    private byte[] scratch = new byte[128];
    private byte[] text;
    private int position;
    private int end;

    Parser(FieldDecoder element, byte delimiter) {
      this.element = element;
      this.delimiter = delimiter;
    }

    List<Object> parse(byte[] bytes, int offset, int length) {
      this.text = bytes;
      this.position = offset;
      this.end = offset + length;
      if (length > 0 && bytes[offset] == '[') {
        // Issue #3: arrays whose lower bound is not 1 need a representation that keeps it.
        throw new IllegalArgumentException("arrays with explicit lower bounds are not supported");
      }
      List<Object> list = array();
      skipWhitespace();
      if (position != end) {
        throw new IllegalArgumentException("unexpected characters after the array");
      }
      text = null;
      return list;
    }

    private List<Object> array() {
      expect('{');
      List<Object> list = new ArrayList<>();
      skipWhitespace();
      if (peek() == '}') {
        position++;
        return list;
      }
      while (true) {
        skipWhitespace();
        list.add(item());
        skipWhitespace();
        byte next = peek();
        position++;
        if (next == '}') {
          return list;
        }
        if (next != delimiter) {
          throw new IllegalArgumentException("malformed array literal");
        }
      }
    }

    private Object item() {
      byte first = peek();
      if (first == '{') {
        return array();
      }
      if (first == '"') {
        position++;
        int length = quoted();
        return element.decode(scratch, 0, length);
      }
      return unquoted();
    }

    private int quoted() {
      int length = 0;
      while (true) {
        byte b = next();
        if (b == '"') {
          return length;
        }
        if (b == '\\') {
          b = next();
        }
        length = put(length, b);
      }
    }

    private Object unquoted() {
      int length = 0;
      int significant = 0;
      boolean escaped = false;
      while (position < end) {
        byte b = text[position];
        if (b == delimiter || b == '}') {
          break;
        }
        position++;
        if (b == '\\') {
          b = next();
          escaped = true;
          length = put(length, b);
          significant = length;
        } else {
          length = put(length, b);
          if (!isWhitespace(b)) {
            significant = length;
          }
        }
      }
      if (!escaped && significant == 4 && isNull()) {
        return null;
      }
      return element.decode(scratch, 0, significant);
    }

    private boolean isNull() {
      return (scratch[0] | 0x20) == 'n'
          && (scratch[1] | 0x20) == 'u'
          && (scratch[2] | 0x20) == 'l'
          && (scratch[3] | 0x20) == 'l';
    }

    private int put(int length, byte b) {
      if (length == scratch.length) {
        byte[] larger = new byte[scratch.length * 2];
        System.arraycopy(scratch, 0, larger, 0, length);
        scratch = larger;
      }
      scratch[length] = b;
      return length + 1;
    }

    private byte peek() {
      if (position >= end) {
        throw new IllegalArgumentException("unterminated array literal");
      }
      return text[position];
    }

    private byte next() {
      byte b = peek();
      position++;
      return b;
    }

    private void expect(char c) {
      if (next() != c) {
        throw new IllegalArgumentException("malformed array literal");
      }
    }

    private void skipWhitespace() {
      while (position < end && isWhitespace(text[position])) {
        position++;
      }
    }

    private static boolean isWhitespace(byte b) {
      return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }
  }

  /** Formats one element's PostgreSQL text form. */
  @FunctionalInterface
  interface ElementFormatter {
    void append(StringBuilder out, Object element);
  }

  /**
   * Appends {@code list} as an array literal. Every non-null element is quoted, which is valid for
   * every element type; nested lists become inner dimensions.
   */
  static void append(
      StringBuilder out, List<?> list, ElementFormatter formatter, StringBuilder tmp) {
    out.append('{');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object element = list.get(i);
      if (element == null) {
        out.append("NULL");
      } else if (element instanceof List<?> inner) {
        append(out, inner, formatter, tmp);
      } else {
        tmp.setLength(0);
        formatter.append(tmp, element);
        appendQuoted(out, tmp);
      }
    }
    out.append('}');
  }

  private static void appendQuoted(StringBuilder out, CharSequence value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }
}
