package io.airlock.connectors.files.write;

import java.io.IOException;

/** Writes the rows of one part file in one format, into a stream it does not close. */
interface PartWriter {
  void write(Object[] row) throws IOException, UnwritableValueException;

  /** Writes what the format needs at the end (a Parquet footer); the file is committed after. */
  void finish() throws IOException;
}
