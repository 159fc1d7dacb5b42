package io.airlock.connectors.files;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RFC 4180 reader written for the tests, independent of Commons CSV and of the
 * connector's decoding: the whole file is decoded at once with the given charset, quotes toggle,
 * doubled quotes are a quote, and LF, CRLF or CR outside quotes end a record. Empty lines are
 * skipped, as the connector does.
 */
final class IndependentCsv {
  private IndependentCsv() {}

  /** Every record after {@code skipLines} physical lines. */
  static List<List<String>> records(Path file, Charset charset, char delimiter, int skipLines)
      throws IOException {
    String text = new String(Files.readAllBytes(file), charset);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    text = afterLines(text, skipLines);
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean anything = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        anything = true;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
        anything = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (anything || !field.isEmpty()) {
          fields.add(field.toString());
          records.add(fields);
        }
        fields = new ArrayList<>();
        field.setLength(0);
        anything = false;
      } else {
        field.append(c);
        anything = true;
      }
    }
    if (anything || !field.isEmpty()) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }

  private static String afterLines(String text, int lines) {
    int position = 0;
    for (int skipped = 0; skipped < lines && position < text.length(); position++) {
      char c = text.charAt(position);
      if (c == '\n') {
        skipped++;
      } else if (c == '\r') {
        skipped++;
        if (position + 1 < text.length() && text.charAt(position + 1) == '\n') {
          position++;
        }
      }
    }
    return text.substring(position);
  }
}
