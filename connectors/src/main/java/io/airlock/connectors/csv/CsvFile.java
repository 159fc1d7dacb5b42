package io.airlock.connectors.csv;

import io.airlock.connectors.spi.ConnectorException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One CSV file read as a stream of records: the first record is the header, every other record must
 * have as many fields as the header. A byte-order mark is skipped, and text that is not valid in
 * the configured charset is an error rather than replacement characters.
 */
final class CsvFile {
  private static final int BUFFER_CHARS = 1 << 16;

  private final Path path;
  private final Charset charset;
  private final CSVFormat format;
  private CSVParser parser;

  CsvFile(Path path, Charset charset, char delimiter) {
    this.path = path;
    this.charset = charset;
    this.format =
        CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
  }

  String fileName() {
    return path.getFileName().toString();
  }

  /** The stream name: the file name without its extension. */
  String streamName() {
    String name = fileName();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** Reads the header, then hands every data record to {@code rows} after checking its size. */
  List<String> read(HeaderAndRows visitor) {
    try (Reader reader = open();
        CSVParser opened = CSVParser.builder().setReader(reader).setFormat(format).get()) {
      this.parser = opened;
      Iterator<CSVRecord> records = opened.iterator();
      if (!records.hasNext()) {
        throw error(1, "has no header row; the first line must name the columns");
      }
      List<String> header = columnNames(records.next());
      Consumer<CSVRecord> rows = visitor.header(header);
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
      return header;
    } catch (UncheckedIOException e) {
      throw ioError(e.getCause());
    } catch (IOException e) {
      throw ioError(e);
    } finally {
      parser = null;
    }
  }

  /** What to do with the header and then with each record. */
  @FunctionalInterface
  interface HeaderAndRows {
    Consumer<CSVRecord> header(List<String> columns);
  }

  /**
   * The physical line where {@code record} starts, for messages. Valid while {@link #read} hands
   * out that record: the parser has just consumed its last line.
   */
  long startLine(CSVRecord record) {
    long breaks = 0;
    for (String value : record.values()) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
          breaks++;
        }
      }
    }
    return parser.getCurrentLineNumber() - breaks;
  }

  ConnectorException error(long line, String problem) {
    return new ConnectorException(
        ConnectorException.Kind.USER, "CSV file " + fileName() + ", line " + line + " " + problem);
  }

  private Reader open() throws IOException {
    var decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(path), decoder), BUFFER_CHARS);
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
    return reader;
  }

  private List<String> columnNames(CSVRecord header) {
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
    if (cause instanceof CharacterCodingException) {
      return new ConnectorException(
          ConnectorException.Kind.USER,
          "CSV file "
              + fileName()
              + " is not valid "
              + charset.name()
              + " text; set 'encoding' to the file's character set");
    }
    if (cause instanceof org.apache.commons.csv.CSVException) {
      return new ConnectorException(
          ConnectorException.Kind.USER,
          "CSV file " + fileName() + " is malformed: " + safeMessage(cause.getMessage()));
    }
    return new ConnectorException(
        ConnectorException.Kind.EXTERNAL,
        "Cannot read CSV file " + fileName() + ": " + cause.getClass().getSimpleName(),
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
