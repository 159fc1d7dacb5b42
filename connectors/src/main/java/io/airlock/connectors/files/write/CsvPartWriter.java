package io.airlock.connectors.files.write;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 4180 CSV in UTF-8 without a byte-order mark, with a header row of column names. Every value
 * is quoted and NULL is an empty unquoted field, so NULL and the empty string differ ({@code ,,}
 * against {@code ,"",}). Arrays are written as JSON arrays; other values as {@link TextValues}.
 */
final class CsvPartWriter implements PartWriter {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).setNullString("").get();

  private final List<Column> columns;
  private final CSVPrinter printer;
  private final Object[] fields;

  CsvPartWriter(List<Column> columns, OutputStream out) throws IOException {
    this.columns = columns;
    this.printer =
        new CSVPrinter(
            new OutputStreamWriter(new JsonLinesPartWriter.KeepOpen(out), StandardCharsets.UTF_8),
            FORMAT);
    this.fields = new Object[columns.size()];
    printer.printRecord(columns.stream().map(Column::name).toList());
  }

  @Override
  public void write(Object[] row) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      fields[i] = row[i] == null ? null : field(columns.get(i).type(), row[i]);
    }
    printer.printRecord(fields);
  }

  private static String field(DataType type, Object value) {
    return switch (type.kind()) {
      case BOOLEAN -> value.toString();
      case ARRAY -> jsonText(type, value);
      default -> TextValues.text(type, value);
    };
  }

  private static String jsonText(DataType type, Object value) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      JsonValues.write(json, type, value);
    }
    return text.toString();
  }

  @Override
  public void finish() throws IOException {
    printer.close(true);
  }
}
