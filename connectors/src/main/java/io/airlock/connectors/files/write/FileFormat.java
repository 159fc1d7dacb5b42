package io.airlock.connectors.files.write;

import io.airlock.connectors.spi.Column;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** The formats the files destination writes. */
enum FileFormat {
  JSONL("jsonl"),
  CSV("csv"),
  PARQUET("parquet");

  private final String extension;

  FileFormat(String extension) {
    this.extension = extension;
  }

  String extension() {
    return extension;
  }

  PartWriter open(List<Column> columns, OutputStream out, CompressionCodecName codec)
      throws IOException {
    return switch (this) {
      case JSONL -> new JsonLinesPartWriter(columns, out);
      case CSV -> new CsvPartWriter(columns, out);
      case PARQUET -> new ParquetPartWriter(columns, out, codec);
    };
  }
}
