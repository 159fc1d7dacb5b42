package io.airlock.connectors.files;

import io.airlock.connectors.csv.CsvFile;
import io.airlock.connectors.csv.CsvOptions;
import io.airlock.connectors.csv.CsvStreams;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import java.util.List;

/** Delimited text (CSV, TSV, …) read by the same code as {@code source-csv}, with its options. */
final class CsvFormat implements FileFormat {
  private final CsvOptions options;
  private final List<String> defaultGlobs;

  CsvFormat(CsvOptions options, List<String> defaultGlobs) {
    this.options = options;
    this.defaultGlobs = defaultGlobs;
  }

  @Override
  public String name() {
    return "CSV";
  }

  @Override
  public List<String> defaultGlobs() {
    return defaultGlobs;
  }

  @Override
  public List<Column> describe(FileStore store, StoredFile file) {
    return CsvStreams.describe(csv(store, file));
  }

  @Override
  public long read(FileStore store, StoredFile file, List<Column> columns, BatchSink sink)
      throws InterruptedException {
    return CsvStreams.read(csv(store, file), columns, sink);
  }

  private CsvFile csv(FileStore store, StoredFile file) {
    return new CsvFile(file.path(), () -> store.open(file), options);
  }
}
