package io.airlock.connectors.files;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Parquet files, one row per record, one column per top-level field (types: {@link ParquetScalars}
 * and {@link ParquetNesting}). Rows are read one row group at a time, so memory is bounded by the
 * largest row group of the selected columns, not by the file. A column whose logical type this
 * reader does not know fails discovery and reads with the file and column named.
 */
final class ParquetFormat implements FileFormat {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  @Override
  public String name() {
    return "Parquet";
  }

  @Override
  public List<String> defaultGlobs() {
    return List.of("*.parquet");
  }

  @Override
  public List<Column> describe(FileStore store, StoredFile file) {
    try (ParquetFileReader reader = open(store, file)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      List<Column> columns = new ArrayList<>();
      for (Type field : schema.getFields()) {
        columns.add(new Column(field.getName(), type(file, field), true, sourceType(field)));
      }
      return columns;
    } catch (IOException e) {
      throw readError(file, e);
    }
  }

  private static DataType type(StoredFile file, Type field) {
    try {
      return ParquetNesting.columnType(field);
    } catch (ParquetScalars.UnsupportedTypeException e) {
      throw error(file, "column " + e.column + " " + e.getMessage());
    }
  }

  private static String sourceType(Type field) {
    if (!field.isPrimitive()) {
      var logical = field.getLogicalTypeAnnotation();
      return logical == null ? "group" : logical.toString();
    }
    var logical = field.getLogicalTypeAnnotation();
    String physical = field.asPrimitiveType().getPrimitiveTypeName().name();
    return logical == null ? physical : physical + " " + logical;
  }

  @Override
  public long read(FileStore store, StoredFile file, List<Column> columns, BatchSink sink)
      throws InterruptedException {
    try (ParquetFileReader reader = open(store, file)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      int[] positions = new int[columns.size()];
      MessageType projection = projection(file, schema, columns, positions);
      reader.setRequestedSchema(projection);
      return readRows(reader, file, schema, projection, positions, columns, sink);
    } catch (IOException e) {
      throw readError(file, e);
    }
  }

  /**
   * The selected columns in file order, each checked against its discovered type; fills {@code
   * positions} with where each one goes in a row.
   */
  private static MessageType projection(
      StoredFile file, MessageType schema, List<Column> columns, int[] positions) {
    List<Type> selected = new ArrayList<>();
    for (Column column : columns) {
      if (!schema.containsField(column.name())) {
        throw error(
            file, "has no column " + column.name() + " any more; refresh the connection's schema");
      }
    }
    for (Type field : schema.getFields()) {
      int position = indexOf(columns, field.getName());
      if (position < 0) {
        continue;
      }
      DataType now = type(file, field);
      if (!now.equals(columns.get(position).type())) {
        throw error(
            file,
            "column "
                + field.getName()
                + " is now "
                + now.kind()
                + ", not the "
                + columns.get(position).type().kind()
                + " discovered; refresh the connection's schema");
      }
      positions[selected.size()] = position;
      selected.add(field);
    }
    return new MessageType(schema.getName(), selected);
  }

  private static long readRows(
      ParquetFileReader reader,
      StoredFile file,
      MessageType schema,
      MessageType projection,
      int[] positions,
      List<Column> columns,
      BatchSink sink)
      throws IOException, InterruptedException {
    MessageColumnIO io = new ColumnIOFactory().getColumnIO(projection, schema);
    Rows rows = new Rows(projection, positions, columns);
    RowBatcher batcher = new RowBatcher(columns, sink);
    long row = 0;
    for (PageReadStore pages = nextRowGroup(reader, file, row);
        pages != null;
        pages = nextRowGroup(reader, file, row)) {
      RecordReader<Object[]> records = io.getRecordReader(pages, rows);
      for (long i = 0; i < pages.getRowCount(); i++) {
        row++;
        batcher.add(read(records, file, row), rows.approximateBytes);
      }
    }
    return batcher.finish();
  }

  private static PageReadStore nextRowGroup(ParquetFileReader reader, StoredFile file, long row)
      throws IOException {
    try {
      return reader.readNextRowGroup();
    } catch (ParquetDecodingException e) {
      throw error(file, "cannot be decoded after row " + row + ": " + cause(e));
    }
  }

  private static Object[] read(RecordReader<Object[]> records, StoredFile file, long row) {
    try {
      return records.read();
    } catch (ParquetScalars.ValueException e) {
      throw error(file, "row " + row + ", column " + e.column + " " + e.getMessage());
    } catch (ParquetDecodingException e) {
      throw error(file, "row " + row + " cannot be decoded: " + cause(e));
    }
  }

  /** Builds one row per record, in the order of the selected columns. */
  private static final class Rows extends RecordMaterializer<Object[]> {
    private final Root root;
    private long approximateBytes;

    Rows(MessageType projection, int[] positions, List<Column> columns) {
      this.root = new Root(projection, positions, columns, this);
    }

    @Override
    public Object[] getCurrentRecord() {
      return root.row;
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }
  }

  private static final class Root extends ParquetNesting.FieldsConverter {
    private final int[] positions;
    private final List<Column> columns;
    private final Rows owner;
    private Object[] row;

    Root(MessageType projection, int[] positions, List<Column> columns, Rows owner) {
      super(projection, "");
      this.positions = positions;
      this.columns = columns;
      this.owner = owner;
    }

    @Override
    public void end() {
      row = new Object[columns.size()];
      long bytes = 0;
      for (int i = 0; i < values.length; i++) {
        int position = positions[i];
        Object value = values[i];
        if (value != null
            && columns.get(position).type().kind() == DataType.Kind.JSON
            && !(value instanceof JsonValue)) {
          value = new JsonValue(JsonText.write(value));
        }
        row[position] = value;
        bytes += value == null ? 1 : 16;
      }
      owner.approximateBytes = bytes;
    }
  }

  private static int indexOf(List<Column> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static ParquetFileReader open(FileStore store, StoredFile file) throws IOException {
    checkLogicalTypes(store, file);
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(new ParquetCodecs())
            .build();
    try {
      return new ParquetFileReader(new StoreInputFile(store, file), options);
    } catch (RuntimeException e) {
      throw error(file, "has a footer that cannot be read: " + cause(e));
    }
  }

  /**
   * Reads the raw footer to find logical types newer than this reader: the Parquet library drops
   * them silently, which would turn such a column into plain bytes.
   */
  private static void checkLogicalTypes(FileStore store, StoredFile file) throws IOException {
    try (SeekableByteChannel channel = store.openRandomAccess(file)) {
      long size = channel.size();
      if (size < 12) {
        throw error(file, "is too short to be a Parquet file");
      }
      ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      channel.position(size - 8);
      while (tail.hasRemaining() && channel.read(tail) >= 0) {
        // Reads the length and the magic bytes.
      }
      if (!Arrays.equals(MAGIC, Arrays.copyOfRange(tail.array(), 4, 8))) {
        throw error(
            file, "does not end with the Parquet magic bytes (encrypted footers are not read)");
      }
      long footer = Integer.toUnsignedLong(tail.getInt(0));
      if (footer > size - 12) {
        throw error(file, "has a footer length beyond the file's size");
      }
      channel.position(size - 8 - footer);
      InputStream in = Channels.newInputStream(channel);
      FileMetaData metadata = Util.readFileMetaData(in);
      checkSchema(file, metadata.getSchema(), 0, "");
    }
  }

  /** Walks the flattened schema from {@code index}; returns the index after its subtree. */
  private static int checkSchema(
      StoredFile file, List<SchemaElement> elements, int index, String parent) {
    SchemaElement element = elements.get(index);
    String path =
        index == 0 ? "" : parent.isEmpty() ? element.getName() : parent + "." + element.getName();
    if (element.isSetLogicalType() && element.getLogicalType().getSetField() == null) {
      throw error(
          file,
          "column "
              + path
              + " has a logical type this reader does not know (written by a newer Parquet"
              + " version); convert the column to a known type or leave the file out of the"
              + " globs");
    }
    int next = index + 1;
    for (int child = 0; child < element.getNum_children(); child++) {
      next = checkSchema(file, elements, next, path);
    }
    return next;
  }

  private static String cause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof ParquetCodecs.UnsupportedCodecException unsupported) {
      return "it is compressed with "
          + unsupported.codec
          + ", which this reader does not support yet (issue #3); rewrite it with SNAPPY, ZSTD or"
          + " GZIP";
    }
    return root.getClass().getSimpleName();
  }

  private static ConnectorException readError(StoredFile file, IOException e) {
    return new ConnectorException(
        ConnectorException.Kind.EXTERNAL,
        "Cannot read Parquet file " + file.path() + ": " + cause(e),
        e);
  }

  private static ConnectorException error(StoredFile file, String problem) {
    return new ConnectorException(
        ConnectorException.Kind.USER, "Parquet file " + file.path() + " " + problem);
  }

  /** Parquet's view of a stored file, through the store's random access. */
  private record StoreInputFile(FileStore store, StoredFile file) implements InputFile {
    @Override
    public long getLength() {
      return file.size();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      SeekableByteChannel channel = store.openRandomAccess(file);
      return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
        @Override
        public long getPos() throws IOException {
          return channel.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
          channel.position(newPos);
        }
      };
    }
  }
}
