package io.airlock.connectors.csv;

import io.airlock.connectors.spi.ConnectorException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delimited text file read as a stream of records, as {@link CsvOptions} say: lines to skip,
 * then the header (or generated column names), then records that must each have as many fields as
 * the header. A byte-order mark picks the charset, and text that is not valid in the charset is an
 * error naming the line (see {@link TextDecoding}).
 */
public final class CsvFile {
  private static final Logger log = LoggerFactory.getLogger(CsvFile.class);
  private static final int BUFFER_CHARS = 1 << 16;

  /** Opens the file's bytes; called once per pass over the file. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  private final String fileName;
  private final Opener opener;
  private final CsvOptions options;
  private final CSVFormat format;
  private CSVParser parser;
  private long skippedLines;

  public CsvFile(String fileName, Opener opener, CsvOptions options) {
    this.fileName = fileName;
    this.opener = opener;
    this.options = options;
    CSVFormat.Builder builder =
        CSVFormat.DEFAULT
            .builder()
            .setDelimiter(options.delimiter())
            .setQuote(options.quote())
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(options.trimSpaces());
    if (options.escape() != null) {
      builder.setEscape(options.escape());
    }
    this.format = builder.get();
  }

  public String fileName() {
    return fileName;
  }

  public CsvOptions options() {
    return options;
  }

  /** The stream name: the file name without its extension. */
  String streamName() {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  /** Reads the header, then hands every data record to {@code rows} after checking its size. */
  public List<String> read(HeaderAndRows visitor) {
    try (TextDecoding text =
        TextDecoding.open(opener.open(), options.charset(), options.replaceInvalidText())) {
      return read(text, visitor);
    } catch (UncheckedIOException e) {
      throw ioError(e.getCause());
    } catch (IOException e) {
      throw ioError(e);
    } finally {
      parser = null;
    }
  }

  private List<String> read(TextDecoding text, HeaderAndRows visitor) throws IOException {
    BufferedReader reader = new BufferedReader(text, BUFFER_CHARS);
    skippedLines = skipLines(reader, options.skipRows());
    try (CSVParser opened = CSVParser.builder().setReader(reader).setFormat(format).get()) {
      this.parser = opened;
      Iterator<CSVRecord> records = opened.iterator();
      if (!records.hasNext()) {
        if (options.header()) {
          throw error(skippedLines + 1, "has no header row; the first line must name the columns");
        }
        return List.of();
      }
      CSVRecord first = records.next();
      List<String> header = options.header() ? columnNames(first) : generatedNames(first.size());
      Consumer<CSVRecord> rows = visitor.header(header);
      if (!options.header()) {
        rows.accept(first);
      }
      while (records.hasNext()) {
        CSVRecord record = records.next();
        if (record.size() != header.size()) {
          throw error(
              startLine(record),
              "has "
                  + record.size()
                  + " fields but the header has "
                  + header.size()
                  + "; quote fields that contain the delimiter or line breaks");
        }
        rows.accept(record);
      }
      if (text.replacedSequences() > 0) {
        log.warn(
            "CSV file {}: {} invalid {} byte sequences were replaced by U+FFFD",
            fileName,
            text.replacedSequences(),
            text.charset().name());
      }
      return header;
    }
  }

  /** What to do with the header and then with each record. */
  @FunctionalInterface
  public interface HeaderAndRows {
    Consumer<CSVRecord> header(List<String> columns);
  }

  /**
   * The physical line where {@code record} starts, for messages. Valid while {@link #read} hands
   * out that record: the parser has just consumed its last line.
   */
  public long startLine(CSVRecord record) {
    long breaks = 0;
    for (String value : record.values()) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
          breaks++;
        }
      }
    }
    return skippedLines + parser.getCurrentLineNumber() - breaks;
  }

  public ConnectorException error(long line, String problem) {
    return new ConnectorException(
        ConnectorException.Kind.USER, "CSV file " + fileName + ", line " + line + " " + problem);
  }

  /** Skips {@code count} physical lines ending in LF, CRLF or CR; returns how many it skipped. */
  private static long skipLines(BufferedReader reader, int count) throws IOException {
    long skipped = 0;
    while (skipped < count) {
      int c = reader.read();
      if (c < 0) {
        break;
      }
      if (c == '\n') {
        skipped++;
      } else if (c == '\r') {
        skipped++;
        reader.mark(1);
        if (reader.read() != '\n') {
          reader.reset();
        }
      }
    }
    return skipped;
  }

  private static List<String> generatedNames(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      names.add("column_" + i);
    }
    return names;
  }

  private static List<String> columnNames(CSVRecord header) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip();
      if (name.isEmpty()) {
        name = "column_" + (i + 1);
      }
      String unique = name;
      for (int n = 2; !seen.add(unique); n++) {
        unique = name + "_" + n;
      }
      names.add(unique);
    }
    return names;
  }

  private ConnectorException ioError(Throwable cause) {
    if (cause instanceof TextDecoding.InvalidTextException invalid) {
      return new ConnectorException(
          ConnectorException.Kind.USER,
          "CSV file "
              + fileName
              + " is not valid "
              + invalid.charset().name()
              + " text: line "
              + invalid.line()
              + " holds bytes that are not "
              + invalid.charset().name()
              + "; set 'encoding' to the file's character set (for example ISO-8859-1 or"
              + " windows-1252)");
    }
    if (cause instanceof org.apache.commons.csv.CSVException) {
      return new ConnectorException(
          ConnectorException.Kind.USER,
          "CSV file " + fileName + " is malformed: " + safeMessage(cause.getMessage()));
    }
    return new ConnectorException(
        ConnectorException.Kind.EXTERNAL,
        "Cannot read CSV file " + fileName + ": " + cause.getClass().getSimpleName(),
        cause);
  }

  /** Commons CSV messages name positions, not values; keep only up to the first quote. */
  private static String safeMessage(String message) {
    if (message == null) {
      return "unbalanced quotes";
    }
    int quote = message.indexOf('\'');
    return quote < 0 ? message : message.substring(0, quote).strip();
  }
}
