package io.airlock.connectors.files;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads files of one format from a {@link FileStore}, one stream per file. A stream is named after
 * the file's path relative to the root, without its extension, with {@code /} replaced by {@code
 * _}: {@code 2024/orders.csv} is stream {@code 2024_orders}. Two files that would share a name are
 * an error. With {@code file_columns} each row also carries the file's path and modification time.
 */
final class FilesSource implements Source {
  private static final Logger log = LoggerFactory.getLogger(FilesSource.class);

  /** The column holding the file's path, relative to the root, when file columns are on. */
  static final String FILE_COLUMN = "_airlock_file";

  /** The column holding the file's modification time, when file columns are on. */
  static final String MODIFIED_COLUMN = "_airlock_file_modified";

  private final FileStore store;
  private final FileFormat format;
  private final List<String> globs;
  private final boolean fileColumns;

  FilesSource(FileStore store, FileFormat format, List<String> globs, boolean fileColumns) {
    this.store = store;
    this.format = format;
    this.globs = globs.isEmpty() ? format.defaultGlobs() : List.copyOf(globs);
    this.fileColumns = fileColumns;
  }

  @Override
  public void check() {
    store.check();
    files();
  }

  @Override
  public List<StreamDescriptor> discover() {
    List<StreamDescriptor> streams = new ArrayList<>();
    for (Map.Entry<String, StoredFile> entry : files().entrySet()) {
      List<Column> columns = new ArrayList<>(format.describe(store, entry.getValue()));
      if (fileColumns) {
        checkNoFileColumns(entry.getValue(), columns);
        columns.add(new Column(FILE_COLUMN, DataType.TEXT, false, "file path"));
        columns.add(new Column(MODIFIED_COLUMN, DataType.TIMESTAMPTZ, false, "file mtime"));
      }
      streams.add(new StreamDescriptor(entry.getKey(), null, columns, List.of()));
    }
    log.info(
        "Discovered {} {} files in {} (globs {})",
        streams.size(),
        format.name(),
        store.describe(),
        globs);
    return streams;
  }

  private static void checkNoFileColumns(StoredFile file, List<Column> columns) {
    for (Column column : columns) {
      if (column.name().equals(FILE_COLUMN) || column.name().equals(MODIFIED_COLUMN)) {
        throw new ConnectorException(
            ConnectorException.Kind.USER,
            "File "
                + file.path()
                + " has its own column "
                + column.name()
                + "; turn 'file_columns' off for it or rename the column");
      }
    }
  }

  @Override
  public void read(StreamDescriptor stream, BatchSink sink) throws InterruptedException {
    requireNonNull(stream, "stream is null");
    requireNonNull(sink, "sink is null");
    StoredFile file = files().get(stream.name());
    if (file == null) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "No file for stream "
              + stream.name()
              + " in "
              + store.describe()
              + " (globs "
              + globs
              + "); refresh the connection's schema");
    }
    log.info(
        "Reading {} file {} ({} bytes, modified {})",
        format.name(),
        file.path(),
        file.size(),
        file.modified());
    long rows = readFile(file, stream.columns(), sink);
    log.info("Read {} rows from {} file {}", rows, format.name(), file.path());
  }

  private long readFile(StoredFile file, List<Column> columns, BatchSink sink)
      throws InterruptedException {
    List<Column> fileColumns = new ArrayList<>();
    List<Integer> metadata = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i).name();
      if (this.fileColumns && (name.equals(FILE_COLUMN) || name.equals(MODIFIED_COLUMN))) {
        metadata.add(i);
      } else {
        fileColumns.add(columns.get(i));
      }
    }
    if (metadata.isEmpty()) {
      return format.read(store, file, columns, sink);
    }
    return format.read(
        store, file, fileColumns, batch -> sink.accept(withFile(batch, columns, file)));
  }

  /** Adds the file's path and modification time at their positions in {@code columns}. */
  private static RecordBatch withFile(RecordBatch batch, List<Column> columns, StoredFile file) {
    List<Object[]> rows = new ArrayList<>(batch.size());
    for (Object[] fileRow : batch.rows()) {
      Object[] row = new Object[columns.size()];
      int next = 0;
      for (int i = 0; i < columns.size(); i++) {
        String name = columns.get(i).name();
        if (name.equals(FILE_COLUMN)) {
          row[i] = file.path();
        } else if (name.equals(MODIFIED_COLUMN)) {
          row[i] = file.modified().atOffset(ZoneOffset.UTC);
        } else {
          row[i] = fileRow[next++];
        }
      }
      rows.add(row);
    }
    return new RecordBatch(columns, rows, batch.bytes());
  }

  /** The matching files by stream name, in path order. */
  private Map<String, StoredFile> files() {
    Map<String, StoredFile> byStream = new LinkedHashMap<>();
    Map<String, String> clashes = new HashMap<>();
    for (StoredFile file : store.list(globs)) {
      String name = streamName(file);
      String clash = clashes.putIfAbsent(name, file.path());
      if (clash != null) {
        throw new ConnectorException(
            ConnectorException.Kind.USER,
            "Files "
                + clash
                + " and "
                + file.path()
                + " would both be stream "
                + name
                + "; narrow the globs");
      }
      byStream.put(name, file);
    }
    return byStream;
  }

  static String streamName(StoredFile file) {
    String path = file.path();
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    String bare = dot > slash + 1 ? path.substring(0, dot) : path;
    return bare.replace('/', '_');
  }

  @Override
  public void close() {
    // Files are opened and closed per call.
  }
}
