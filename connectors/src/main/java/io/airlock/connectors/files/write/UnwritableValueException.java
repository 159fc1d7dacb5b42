package io.airlock.connectors.files.write;

/** A value a file format cannot hold exactly; the reason never contains the value. */
final class UnwritableValueException extends Exception {
  private final int column;

  UnwritableValueException(String reason) {
    this(-1, reason);
  }

  UnwritableValueException(int column, String reason) {
    super(reason, null, false, false);
    this.column = column;
  }

  /** The index of the column in the row, or -1 when not known yet. */
  int column() {
    return column;
  }
}
