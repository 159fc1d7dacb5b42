package io.airlock.connectors.csv;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a folder of CSV files, one stream per file. Discovery reads every file once to infer the
 * column types (see {@link CsvColumnProfile}); reading parses it again and converts each value.
 * Both passes stream the file, so memory does not grow with its size. Empty fields are NULL.
 */
final class CsvSource implements Source {
  private static final Logger log = LoggerFactory.getLogger(CsvSource.class);

  /** Rows per batch handed to the sink. */
  static final int BATCH_ROWS = 2_000;

  /** Characters after which a batch is handed over even if it has fewer rows. */
  static final long BATCH_CHARS = 4L << 20;

  private final Path folder;
  private final String glob;
  private final char delimiter;
  private final Charset charset;

  CsvSource(ConnectorSettings settings) {
    this.folder = Path.of(settings.requiredString("path"));
    this.glob = settings.string("glob", "*.csv");
    this.delimiter = delimiter(settings.string("delimiter", ","));
    this.charset = charset(settings.string("encoding", "UTF-8"));
  }

  @Override
  public void check() {
    if (!Files.isDirectory(folder) || !Files.isReadable(folder)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "CSV folder " + folder + " does not exist or is not readable on this data plane");
    }
    files();
  }

  @Override
  public List<StreamDescriptor> discover() {
    check();
    List<StreamDescriptor> streams = new ArrayList<>();
    for (CsvFile file : files()) {
      streams.add(describe(file));
    }
    log.info("Discovered {} CSV files in {}", streams.size(), folder);
    return streams;
  }

  private StreamDescriptor describe(CsvFile file) {
    List<CsvColumnProfile> profiles = new ArrayList<>();
    List<String> header =
        file.read(
            columns -> {
              columns.forEach(c -> profiles.add(new CsvColumnProfile()));
              return record -> {
                for (int i = 0; i < profiles.size(); i++) {
                  profiles.get(i).observe(record.get(i));
                }
              };
            });
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      columns.add(new Column(header.get(i), profiles.get(i).type(), true, null));
    }
    return new StreamDescriptor(file.streamName(), null, columns, List.of());
  }

  @Override
  public void read(StreamDescriptor stream, BatchSink sink) throws InterruptedException {
    requireNonNull(stream, "stream is null");
    requireNonNull(sink, "sink is null");
    CsvFile file = file(stream.name());
    BatchReader reader = new BatchReader(file, stream.columns(), sink);
    try {
      file.read(reader::start);
      reader.flush();
    } catch (InterruptedRead e) {
      throw (InterruptedException) e.getCause();
    }
    log.info("Read {} rows from CSV file {}", reader.rows, file.fileName());
  }

  private CsvFile file(String stream) {
    for (CsvFile file : files()) {
      if (file.streamName().equals(stream)) {
        return file;
      }
    }
    throw new ConnectorException(
        ConnectorException.Kind.USER,
        "No CSV file for stream " + stream + " in " + folder + " (glob " + glob + ")");
  }

  private List<CsvFile> files() {
    List<Path> paths = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, glob)) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry)) {
          paths.add(entry);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Cannot list CSV folder " + folder + " with glob " + glob + ": " + e.getMessage(),
          e);
    }
    paths.sort(null);
    List<CsvFile> files = new ArrayList<>();
    Map<String, Path> byStream = new HashMap<>();
    for (Path path : paths) {
      CsvFile file = new CsvFile(path, charset, delimiter);
      Path clash = byStream.putIfAbsent(file.streamName(), path);
      if (clash != null) {
        throw new ConnectorException(
            ConnectorException.Kind.USER,
            "CSV files "
                + clash.getFileName()
                + " and "
                + path.getFileName()
                + " would both be stream "
                + file.streamName()
                + "; narrow the glob");
      }
      files.add(file);
    }
    return files;
  }

  /** Converts records of one file into batches. */
  private static final class BatchReader {
    private final CsvFile file;
    private final List<Column> columns;
    private final BatchSink sink;
    private int[] positions;
    private List<Object[]> batch = new ArrayList<>(BATCH_ROWS);
    private long bytes;
    private long rows;

    BatchReader(CsvFile file, List<Column> columns, BatchSink sink) {
      this.file = file;
      this.columns = columns;
      this.sink = sink;
    }

    Consumer<CSVRecord> start(List<String> header) {
      positions = new int[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        positions[i] = header.indexOf(columns.get(i).name());
        if (positions[i] < 0) {
          throw new ConnectorException(
              ConnectorException.Kind.USER,
              "CSV file "
                  + file.fileName()
                  + " has no column "
                  + columns.get(i).name()
                  + " any more; refresh the connection's schema");
        }
      }
      return this::accept;
    }

    private void accept(CSVRecord record) {
      Object[] row = new Object[positions.length];
      for (int i = 0; i < positions.length; i++) {
        String value = record.get(positions[i]);
        bytes += value.length();
        row[i] = value.isEmpty() ? null : convert(record, value, columns.get(i));
      }
      rows++;
      batch.add(row);
      if (batch.size() >= BATCH_ROWS || bytes >= BATCH_CHARS) {
        flush();
      }
    }

    private Object convert(CSVRecord record, String value, Column column) {
      try {
        return CsvValues.convert(value, column.type());
      } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
        throw new ConnectorException(
            ConnectorException.Kind.USER,
            "CSV file "
                + file.fileName()
                + ", line "
                + file.startLine(record)
                + ", column "
                + column.name()
                + ": the value is not "
                + describe(column.type())
                + " as discovered; refresh the connection's schema");
      }
    }

    void flush() {
      if (batch.isEmpty()) {
        return;
      }
      try {
        sink.accept(new RecordBatch(columns, batch, bytes));
      } catch (InterruptedException e) {
        throw new InterruptedRead(e);
      }
      batch = new ArrayList<>(BATCH_ROWS);
      bytes = 0;
    }

    private static String describe(DataType type) {
      return "a " + type.kind().name().toLowerCase(Locale.ROOT) + " value";
    }
  }

  /** Carries an interruption of the sink out of the parser's callback. */
  private static final class InterruptedRead extends RuntimeException {
    InterruptedRead(InterruptedException cause) {
      super(cause);
    }
  }

  private static char delimiter(String value) {
    if (value.length() != 1) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector source-csv setting 'delimiter' must be exactly one character");
    }
    return value.charAt(0);
  }

  private static Charset charset(String name) {
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector source-csv setting 'encoding' names an unknown character set: " + name);
    }
  }

  @Override
  public void close() {
    // Files are opened and closed per call.
  }
}
