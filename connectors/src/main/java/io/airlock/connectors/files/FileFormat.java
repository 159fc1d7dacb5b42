package io.airlock.connectors.files;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import java.util.List;

/** One file format of {@code source-files}: how to find a file's columns and read its rows. */
interface FileFormat {
  /** The format's name in messages, for example {@code Parquet}. */
  String name();

  /** The globs used when the configuration gives none. */
  List<String> defaultGlobs();

  /** The columns of {@code file}, in file order. */
  List<Column> describe(FileStore store, StoredFile file);

  /**
   * Reads every row of {@code file} as {@code columns} (a subset of {@link #describe}'s, in any
   * order) into {@code sink}; returns how many rows it read.
   */
  long read(FileStore store, StoredFile file, List<Column> columns, BatchSink sink)
      throws InterruptedException;
}
