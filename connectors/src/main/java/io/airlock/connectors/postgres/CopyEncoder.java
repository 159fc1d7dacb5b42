package io.airlock.connectors.postgres;

import java.sql.SQLException;

/**
 * Writes rows in one of PostgreSQL's COPY formats into the open COPY stream. A writer calls {@link
 * #begin()} after each {@code COPY … FROM STDIN} starts, {@link #writeRow} per row, and {@link
 * #end()} before it ends the COPY.
 */
interface CopyEncoder {
  /** Where encoded bytes go: the open COPY stream. */
  @FunctionalInterface
  interface Output {
    void write(byte[] bytes, int offset, int length) throws SQLException;
  }

  /** A value that has no form in the COPY format; the message names the reason, never the value. */
  final class UnencodableValueException extends RuntimeException {
    private final int column;

    UnencodableValueException(int column, String reason) {
      super(reason, null, false, false);
      this.column = column;
    }

    int column() {
      return column;
    }
  }

  /** The options clause of the COPY statement, for example {@code (FORMAT binary)}; may be "". */
  String copyOptions();

  /** Starts the data of one COPY statement. */
  void begin() throws SQLException;

  /**
   * Appends one row.
   *
   * @throws UnencodableValueException when a value has no form in this format; the row may then be
   *     partly written and the COPY must be abandoned
   */
  void writeRow(Object[] row) throws SQLException;

  /** Ends the data of one COPY statement and hands everything buffered to the output. */
  void end() throws SQLException;
}
