package io.airlock.connectors.files.write;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one stream as part files {@code part-00000.<ext>}, {@code part-00001.<ext>}, … A part is
 * written under a hidden temporary name and renamed when it is complete, so no reader sees a
 * partial file. A part ends at each checkpoint (which makes every row before it durable) and after
 * {@code rowsPerFile} rows, so a writer holds at most one part's buffer in memory, never a whole
 * stream. A stream without rows still gets one part: an empty file, a CSV header, or a Parquet file
 * with the schema and no rows.
 *
 * <p><b>Append</b> writes the parts straight into {@code <stream>/<sync>/}. Every earlier sync's
 * folder stays; the stream's contents are all its sync folders. Parts committed at checkpoints stay
 * when a sync fails.
 *
 * <p><b>Overwrite</b> writes the parts into the hidden {@code <stream>/.airlock-staging-<sync>/}.
 * On {@link #finish()} that folder is renamed to {@code <stream>/<sync>/}, the file {@code
 * <stream>/_LATEST} is replaced atomically with the sync's name, and then every other entry of the
 * stream's folder (earlier syncs, staging left by killed syncs) is deleted. {@code _LATEST} is the
 * commit point: readers that follow it see the old contents or the new ones, never a mix; readers
 * that list folders may see both between the rename and the deletion. A failed or aborted overwrite
 * deletes its staging folder and leaves the old contents and {@code _LATEST} as they were. One sync
 * at a time may write a stream's folder.
 */
final class FilesStreamWriter implements StreamWriter {
  private static final Logger log = LoggerFactory.getLogger(FilesStreamWriter.class);

  static final String LATEST = "_LATEST";
  static final String STAGING_PREFIX = ".airlock-staging-";

  /** How parts are written and named. */
  record Layout(FileFormat format, CompressionCodecName codec, int rowsPerFile, String syncId) {}

  private enum State {
    OPEN,
    FAILED,
    FINISHED,
    ABORTED
  }

  private final FileStore store;
  private final Layout layout;
  private final StreamDescriptor stream;
  private final SyncMode mode;
  private final List<String> columnNames;
  private final String streamFolder;
  private final String dataFolder;
  private FileStore.PendingFile part;
  private PartWriter partWriter;
  private int partNumber;
  private long rowsInPart;
  private long rowsWritten;
  private long rowsCommitted;
  private State state = State.OPEN;

  FilesStreamWriter(FileStore store, Layout layout, StreamDescriptor stream, SyncMode mode) {
    this.store = store;
    this.layout = layout;
    this.stream = stream;
    this.mode = mode;
    this.columnNames = stream.columns().stream().map(Column::name).toList();
    this.streamFolder = PathSegments.encode(stream.name());
    this.dataFolder =
        streamFolder
            + "/"
            + (mode == SyncMode.FULL_REFRESH_OVERWRITE ? STAGING_PREFIX : "")
            + layout.syncId();
  }

  @Override
  public void write(RecordBatch batch) {
    requireState(State.OPEN, "write");
    checkColumns(batch.columns());
    for (Object[] row : batch.rows()) {
      try {
        if (part == null) {
          openPart();
        }
        partWriter.write(row);
      } catch (UnwritableValueException e) {
        throw valueError(rowsWritten + 1, e);
      } catch (IOException e) {
        throw ioError("write", e);
      }
      rowsWritten++;
      if (++rowsInPart >= layout.rowsPerFile()) {
        commitPartOrFail();
      }
    }
  }

  private void checkColumns(List<Column> columns) {
    boolean same = columns.size() == columnNames.size();
    for (int i = 0; same && i < columns.size(); i++) {
      same = columns.get(i).name().equals(columnNames.get(i));
    }
    if (!same) {
      state = State.FAILED;
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Batch columns of stream "
              + stream.name()
              + " differ from the columns it was opened with");
    }
  }

  private void openPart() throws IOException {
    String name = String.format("part-%05d.%s", partNumber, layout.format().extension());
    part = store.create(dataFolder + "/" + name);
    partWriter = layout.format().open(stream.columns(), part.stream(), layout.codec());
    rowsInPart = 0;
  }

  private void commitPart() throws IOException {
    partWriter.finish();
    part.commit();
    part = null;
    partWriter = null;
    partNumber++;
    rowsCommitted = rowsWritten;
  }

  private void commitPartOrFail() {
    try {
      commitPart();
    } catch (IOException e) {
      throw ioError("commit a file of", e);
    }
  }

  @Override
  public void checkpoint() {
    requireState(State.OPEN, "checkpoint");
    if (part != null) {
      commitPartOrFail();
    }
    rowsCommitted = rowsWritten;
  }

  @Override
  public void finish() {
    requireState(State.OPEN, "finish");
    try {
      if (partNumber == 0 && part == null) {
        openPart();
      }
    } catch (IOException e) {
      throw ioError("write", e);
    }
    checkpoint();
    if (mode == SyncMode.FULL_REFRESH_OVERWRITE) {
      publish();
    }
    state = State.FINISHED;
    log.info(
        "Finished stream {}: {} rows in {} files under {}",
        stream.name(),
        rowsCommitted,
        partNumber,
        store.describe(streamFolder + "/" + layout.syncId()));
  }

  /** Swaps the staged sync in: rename, point {@code _LATEST} at it, delete the rest. */
  private void publish() {
    String finalFolder = streamFolder + "/" + layout.syncId();
    try {
      store.moveTree(dataFolder, finalFolder);
      FileStore.PendingFile latest = store.create(streamFolder + "/" + LATEST);
      latest.stream().write((layout.syncId() + "\n").getBytes(StandardCharsets.UTF_8));
      latest.commit();
    } catch (IOException e) {
      state = State.FAILED;
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot publish the new files of stream "
              + stream.name()
              + " in "
              + store.describe(streamFolder)
              + "; "
              + LATEST
              + " still names the previous sync. Check the folder's permissions and free space",
          e);
    }
    deleteOthers();
  }

  private void deleteOthers() {
    try {
      for (String name : store.list(streamFolder)) {
        if (!name.equals(layout.syncId()) && !name.equals(LATEST)) {
          store.deleteTree(streamFolder + "/" + name);
        }
      }
    } catch (IOException e) {
      log.warn(
          "Cannot delete the earlier files of stream {} in {}; {} names the current ones. Delete"
              + " the other folders by hand",
          stream.name(),
          store.describe(streamFolder),
          LATEST);
    }
  }

  @Override
  public void abort() {
    if (state == State.FINISHED || state == State.ABORTED) {
      return;
    }
    state = State.ABORTED;
    discardPart();
    if (mode == SyncMode.FULL_REFRESH_OVERWRITE) {
      try {
        store.deleteTree(dataFolder);
      } catch (IOException e) {
        log.warn(
            "Cannot delete the staged files of stream {} in {}; the next overwrite deletes them",
            stream.name(),
            store.describe(dataFolder));
      }
    }
    log.info("Aborted stream {}; {} rows stay committed", stream.name(), committedRows());
  }

  private long committedRows() {
    return mode == SyncMode.FULL_REFRESH_OVERWRITE ? 0 : rowsCommitted;
  }

  private void discardPart() {
    if (part != null) {
      part.discard();
      part = null;
      partWriter = null;
    }
  }

  @Override
  public void close() {
    abort();
  }

  private ConnectorException valueError(long row, UnwritableValueException e) {
    state = State.FAILED;
    discardPart();
    String column = e.column() < 0 ? "" : ", column " + columnNames.get(e.column());
    return new ConnectorException(
        ConnectorException.Kind.USER,
        "Cannot write row "
            + row
            + " of stream "
            + stream.name()
            + " "
            + key()
            + " as "
            + layout.format().extension()
            + column
            + ": "
            + e.getMessage()
            + ". "
            + aftermath());
  }

  private ConnectorException ioError(String action, IOException e) {
    state = State.FAILED;
    discardPart();
    String problem =
        e instanceof S3FileStore.StoreException
            ? e.getMessage()
            : "check the folder's permissions and free space";
    return new ConnectorException(
        ConnectorException.Kind.EXTERNAL,
        "Cannot "
            + action
            + " stream "
            + stream.name()
            + " in "
            + store.describe(dataFolder)
            + "; "
            + problem
            + ". "
            + aftermath(),
        e);
  }

  private String key() {
    return stream.primaryKey().isEmpty()
        ? "(it has no primary key)"
        : "(primary key " + String.join(", ", stream.primaryKey()) + ")";
  }

  private String aftermath() {
    return mode == SyncMode.FULL_REFRESH_OVERWRITE
        ? "The stream's current files are unchanged"
        : "Files committed at earlier checkpoints ("
            + rowsCommitted
            + " rows) stay; later rows were discarded";
  }

  private void requireState(State expected, String action) {
    if (state != expected) {
      throw new IllegalStateException(
          "Cannot " + action + " stream " + stream.name() + ": the writer is " + state);
    }
  }
}
