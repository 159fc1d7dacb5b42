package io.airlock.connectors.files.write;

import io.airlock.connectors.spi.Column;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * One Parquet file, written without Hadoop through parquet-hadoop's writer with {@link
 * ParquetColumns}' schema. Memory is bounded by one row group ({@link #ROW_GROUP_BYTES}).
 */
final class ParquetPartWriter implements PartWriter {
  static final long ROW_GROUP_BYTES = 32L * 1024 * 1024;

  private final List<Column> columns;
  private final ParquetWriter<Object[]> writer;
  private final Object[] prepared;

  ParquetPartWriter(List<Column> columns, OutputStream out, CompressionCodecName codec)
      throws IOException {
    this.columns = columns;
    this.prepared = new Object[columns.size()];
    this.writer =
        new Builder(new StreamOutputFile(out), ParquetColumns.schema(columns))
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(new ParquetCodecs())
            .withCompressionCodec(codec)
            .withRowGroupSize(ROW_GROUP_BYTES)
            .build();
  }

  @Override
  public void write(Object[] row) throws IOException, UnwritableValueException {
    for (int i = 0; i < prepared.length; i++) {
      try {
        prepared[i] = ParquetColumns.prepare(columns.get(i).type(), row[i]);
      } catch (UnwritableValueException e) {
        throw new UnwritableValueException(i, e.getMessage());
      } catch (ArithmeticException | ClassCastException e) {
        throw new UnwritableValueException(i, "the value does not match the column's type");
      }
    }
    writer.write(prepared);
  }

  @Override
  public void finish() throws IOException {
    writer.close();
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final MessageType schema;

    Builder(OutputFile file, MessageType schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
      return new RowWriteSupport(schema);
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      throw new UnsupportedOperationException("The files destination runs without Hadoop");
    }
  }

  /** Adds prepared rows (see {@link ParquetColumns#prepare}) to Parquet's record consumer. */
  private static final class RowWriteSupport extends WriteSupport<Object[]> {
    private final MessageType schema;
    private RecordConsumer consumer;

    RowWriteSupport(MessageType schema) {
      this.schema = schema;
    }

    @Override
    public WriteContext init(ParquetConfiguration conf) {
      return new WriteContext(schema, Map.of("writer", "airlock"));
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration conf) {
      throw new UnsupportedOperationException("The files destination runs without Hadoop");
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
      consumer.startMessage();
      for (int i = 0; i < row.length; i++) {
        if (row[i] != null) {
          String name = schema.getFieldName(i);
          consumer.startField(name, i);
          add(row[i]);
          consumer.endField(name, i);
        }
      }
      consumer.endMessage();
    }

    private void add(Object value) {
      switch (value) {
        case Boolean b -> consumer.addBoolean(b);
        case Integer n -> consumer.addInteger(n);
        case Long n -> consumer.addLong(n);
        case Float f -> consumer.addFloat(f);
        case Double d -> consumer.addDouble(d);
        case Binary b -> consumer.addBinary(b);
        case List<?> list -> addList(list);
        default ->
            throw new IllegalStateException("Unprepared Parquet value of " + value.getClass());
      }
    }

    /** A three-level LIST: group { repeated group list { optional element } }. */
    private void addList(List<?> values) {
      consumer.startGroup();
      if (!values.isEmpty()) {
        consumer.startField("list", 0);
        for (Object value : values) {
          consumer.startGroup();
          if (value != null) {
            consumer.startField("element", 0);
            add(value);
            consumer.endField("element", 0);
          }
          consumer.endGroup();
        }
        consumer.endField("list", 0);
      }
      consumer.endGroup();
    }
  }

  /** An {@link OutputFile} over the stream of a pending file, which it leaves open. */
  private static final class StreamOutputFile implements OutputFile {
    private final OutputStream out;

    StreamOutputFile(OutputStream out) {
      this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        private long position;

        @Override
        public long getPos() {
          return position;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          position++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
          out.write(bytes, offset, length);
          position += length;
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.flush();
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
