package io.airlock.connectors.files.write;

import io.airlock.connectors.spi.Column;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/** One JSON object per line, keyed by column name, in column order; NULL is JSON {@code null}. */
final class JsonLinesPartWriter implements PartWriter {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<Column> columns;
  private final OutputStream out;
  private final JsonGenerator json;

  JsonLinesPartWriter(List<Column> columns, OutputStream out) {
    this.columns = columns;
    this.out = out;
    this.json = JSON.writer().withRootValueSeparator("").createGenerator(new KeepOpen(out));
  }

  @Override
  public void write(Object[] row) throws IOException {
    try {
      json.writeStartObject();
      for (int i = 0; i < columns.size(); i++) {
        Column column = columns.get(i);
        json.writeName(column.name());
        JsonValues.write(json, column.type(), row[i]);
      }
      json.writeEndObject();
      json.flush();
    } catch (JacksonException e) {
      throw new IOException("Cannot write a JSON line", e);
    }
    out.write('\n');
  }

  @Override
  public void finish() throws IOException {
    json.close();
  }

  /** Leaves the part file open when the generator closes; the store commits it. */
  static final class KeepOpen extends java.io.FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
