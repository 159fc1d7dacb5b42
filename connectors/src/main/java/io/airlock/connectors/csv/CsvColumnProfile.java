package io.airlock.connectors.csv;

import io.airlock.connectors.spi.DataType;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * Infers the type of one CSV column from every value in it. A column is INTEGER, DECIMAL, BOOLEAN,
 * DATE, TIMESTAMP or TIMESTAMPTZ only when every non-empty value parses as one; otherwise TEXT.
 * Empty values do not count. Numbers with a leading zero ({@code 02134}, {@code 007}) make the
 * column TEXT, so codes such as ZIPs keep their digits.
 */
public final class CsvColumnProfile {
  private boolean seenValue;
  private boolean integer = true;
  private boolean decimal = true;
  private boolean bool = true;
  private boolean date = true;
  private boolean timestamp = true;
  private boolean timestampTz = true;

  /** An empty value that is not NULL: only TEXT can hold it. */
  public void observeEmptyText() {
    seenValue = true;
    integer = false;
    decimal = false;
    bool = false;
    date = false;
    timestamp = false;
    timestampTz = false;
  }

  public void observe(String value) {
    if (value.isEmpty()) {
      return;
    }
    seenValue = true;
    if (integer || decimal) {
      observeNumber(value);
    }
    if (bool) {
      bool = value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
    }
    if (date) {
      date = CsvValues.looksLikeDate(value) && parses(() -> CsvValues.date(value));
    }
    if (timestamp || timestampTz) {
      observeTimestamp(value);
    }
  }

  private void observeNumber(String value) {
    int shape = CsvValues.numberShape(value);
    if (shape == CsvValues.NOT_A_NUMBER) {
      integer = false;
      decimal = false;
    } else if (shape == CsvValues.DECIMAL_NUMBER) {
      integer = false;
    } else if (integer && !CsvValues.fitsLong(value)) {
      integer = false;
    }
  }

  private void observeTimestamp(String value) {
    if (!CsvValues.looksLikeTimestamp(value)) {
      timestamp = false;
      timestampTz = false;
      return;
    }
    boolean hasOffset = CsvValues.hasOffset(value);
    timestamp &= !hasOffset && parses(() -> LocalDateTime.parse(value));
    timestampTz &= hasOffset && parses(() -> OffsetDateTime.parse(value));
  }

  private static boolean parses(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  public DataType type() {
    if (!seenValue) {
      return DataType.TEXT;
    }
    if (integer) {
      return DataType.INTEGER;
    }
    if (decimal) {
      return DataType.DECIMAL;
    }
    if (bool) {
      return DataType.BOOLEAN;
    }
    if (date) {
      return DataType.DATE;
    }
    if (timestamp) {
      return DataType.TIMESTAMP;
    }
    if (timestampTz) {
      return DataType.TIMESTAMPTZ;
    }
    return DataType.TEXT;
  }
}
