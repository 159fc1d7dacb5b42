package io.airlock.connectors.csv;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.RecordBatch;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVRecord;

/**
 * Discovers and reads one {@link CsvFile} as a stream. Discovery reads the whole file once to infer
 * the column types (see {@link CsvColumnProfile}); reading parses it again and converts each value.
 * Both passes stream the file, so memory does not grow with its size. Fields equal to a NULL marker
 * of the options are NULL; an empty field that is not a NULL marker is empty text.
 */
public final class CsvStreams {
  /** Rows per batch handed to the sink. */
  public static final int BATCH_ROWS = 2_000;

  /** Characters after which a batch is handed over even if it has fewer rows. */
  public static final long BATCH_CHARS = 4L << 20;

  private CsvStreams() {}

  /** The columns of {@code file}, with types inferred from every value. */
  public static List<Column> describe(CsvFile file) {
    CsvOptions options = file.options();
    List<CsvColumnProfile> profiles = new ArrayList<>();
    List<String> header =
        file.read(
            columns -> {
              columns.forEach(c -> profiles.add(new CsvColumnProfile()));
              return record -> {
                for (int i = 0; i < profiles.size(); i++) {
                  String value = record.get(i);
                  if (value.isEmpty() && !options.isNull(value)) {
                    profiles.get(i).observeEmptyText();
                  } else if (!options.isNull(value)) {
                    profiles.get(i).observe(value);
                  }
                }
              };
            });
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      columns.add(new Column(header.get(i), profiles.get(i).type(), true, null));
    }
    return columns;
  }

  /** Reads every record of {@code file} as {@code columns} into {@code sink}; returns the rows. */
  public static long read(CsvFile file, List<Column> columns, BatchSink sink)
      throws InterruptedException {
    BatchReader reader = new BatchReader(file, columns, sink);
    try {
      file.read(reader::start);
      reader.flush();
    } catch (InterruptedRead e) {
      throw (InterruptedException) e.getCause();
    }
    return reader.rows;
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
      CsvOptions options = file.options();
      Object[] row = new Object[positions.length];
      for (int i = 0; i < positions.length; i++) {
        String value = record.get(positions[i]);
        bytes += value.length();
        row[i] = options.isNull(value) ? null : convert(record, value, columns.get(i));
      }
      rows++;
      batch.add(row);
      if (batch.size() >= BATCH_ROWS || bytes >= BATCH_CHARS) {
        flush();
      }
    }

    private Object convert(CSVRecord record, String value, Column column) {
      try {
        if (value.isEmpty() && column.type().kind() == DataType.Kind.TEXT) {
          return value;
        }
        if (value.isEmpty()) {
          throw new IllegalArgumentException("empty");
        }
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
}
