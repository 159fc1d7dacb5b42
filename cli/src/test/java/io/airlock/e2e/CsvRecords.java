package io.airlock.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a CSV file, read by a small RFC 4180 reader of the tests' own (the product reads
 * CSV with Commons CSV; the tests must not share its parser). The first record is the header.
 */
final class CsvRecords {
  private CsvRecords() {}

  static List<List<String>> read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int start = text.startsWith("\uFEFF") ? 1 : 0;
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder value = new StringBuilder();
    boolean inQuotes = false;
    boolean pending = false;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      pending = true;
      if (inQuotes) {
        boolean doubled = c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"';
        if (doubled) {
          value.append('"');
          i++;
        } else if (c == '"') {
          inQuotes = false;
        } else {
          value.append(c);
        }
        continue;
      }
      switch (c) {
        case '"' -> inQuotes = true;
        case ',' -> {
          record.add(value.toString());
          value.setLength(0);
        }
        case '\r', '\n' -> {
          if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          record.add(value.toString());
          value.setLength(0);
          records.add(record);
          record = new ArrayList<>();
          pending = false;
        }
        default -> value.append(c);
      }
    }
    if (pending) {
      record.add(value.toString());
      records.add(record);
    }
    return records;
  }
}
