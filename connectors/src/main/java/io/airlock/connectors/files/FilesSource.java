package io.airlock.connectors.files;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
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
 * an error. With the {@code stream} setting every matching file is read, in path order, into one
 * stream of that name instead. With {@code file_columns} each row also carries the file's path and
 * modification time, which incremental reads follow ({@link ModifiedCursor}).
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
  private final String oneStream;

  FilesSource(FileStore store, FileFormat format, List<String> globs, boolean fileColumns) {
    this(store, format, globs, fileColumns, null);
  }

  /**
   * @param oneStream the name of the one stream every matching file is read into, or null for a
   *     stream per file
   */
  FilesSource(
      FileStore store,
      FileFormat format,
      List<String> globs,
      boolean fileColumns,
      String oneStream) {
    this.store = store;
    this.format = format;
    this.globs = globs.isEmpty() ? format.defaultGlobs() : List.copyOf(globs);
    this.fileColumns = fileColumns;
    this.oneStream = oneStream;
  }

  @Override
  public void check() {
    store.check();
    files();
  }

  @Override
  public List<StreamDescriptor> discover() {
    List<StreamDescriptor> streams = new ArrayList<>();
    for (Map.Entry<String, List<StoredFile>> entry : files().entrySet()) {
      StoredFile first = entry.getValue().get(0);
      List<Column> columns = new ArrayList<>(format.describe(store, first));
      if (fileColumns) {
        checkNoFileColumns(first, columns);
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
    read(StreamRead.fullRefresh(stream), sink);
  }

  /**
   * Reads the stream's files in path order (full refresh), or, incrementally by {@link
   * #MODIFIED_COLUMN}, those that {@link ModifiedCursor} says are new, in modification-time order,
   * with a checkpoint after each file.
   */
  @Override
  public void read(StreamRead read, BatchSink sink) throws InterruptedException {
    requireNonNull(read, "read is null");
    requireNonNull(sink, "sink is null");
    StreamDescriptor stream = read.stream();
    List<StoredFile> files = filesOf(stream);
    if (!read.incremental()) {
      for (StoredFile file : files) {
        readLogged(file, stream.columns(), sink);
      }
      return;
    }
    checkCursor(read);
    ModifiedCursor cursor = ModifiedCursor.parse(read.state(), stream.name());
    List<StoredFile> pending = new ArrayList<>();
    for (StoredFile file : files) {
      if (cursor == null || cursor.isNew(file)) {
        pending.add(file);
      }
    }
    pending.sort(Comparator.comparing(StoredFile::modified).thenComparing(StoredFile::path));
    log.info(
        "Stream {}: {} of {} files are new since {}",
        stream.name(),
        pending.size(),
        files.size(),
        cursor == null ? "the start" : cursor.modified());
    for (StoredFile file : pending) {
      readLogged(file, stream.columns(), sink);
      cursor = cursor == null ? ModifiedCursor.first(file) : cursor.after(file);
      sink.checkpoint(cursor.json());
    }
  }

  private void checkCursor(StreamRead read) {
    if (!read.cursorField().equals(MODIFIED_COLUMN)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + read.stream().name()
              + " cannot follow cursor "
              + read.cursorField()
              + ": the files source reads incrementally by "
              + MODIFIED_COLUMN
              + " only; choose it as the cursor");
    }
    if (!fileColumns || read.stream().column(MODIFIED_COLUMN).isEmpty()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + read.stream().name()
              + " has no column "
              + MODIFIED_COLUMN
              + "; turn on 'file_columns' and select the column to read it incrementally");
    }
  }

  private List<StoredFile> filesOf(StreamDescriptor stream) {
    List<StoredFile> files = files().get(stream.name());
    if (files == null) {
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
    return files;
  }

  private void readLogged(StoredFile file, List<Column> columns, BatchSink sink)
      throws InterruptedException {
    log.info(
        "Reading {} file {} ({} bytes, modified {})",
        format.name(),
        file.path(),
        file.size(),
        file.modified());
    long rows = readFile(file, columns, sink);
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

  /**
   * The matching files by stream name, in path order: one file per stream, or every file in the one
   * stream named by the {@code stream} setting (none when no file matches).
   */
  private Map<String, List<StoredFile>> files() {
    List<StoredFile> listed = store.list(globs);
    Map<String, List<StoredFile>> byStream = new LinkedHashMap<>();
    if (oneStream != null) {
      if (!listed.isEmpty()) {
        byStream.put(oneStream, listed);
      }
      return byStream;
    }
    Map<String, String> clashes = new HashMap<>();
    for (StoredFile file : listed) {
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
                + "; narrow the globs, or set 'stream' to read them all into one stream");
      }
      byStream.put(name, List.of(file));
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
    // Files are opened and closed per call; the store may hold a client.
    store.close();
  }
}
