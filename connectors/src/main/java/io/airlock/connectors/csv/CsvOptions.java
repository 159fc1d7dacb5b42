package io.airlock.connectors.csv;

import static java.util.Objects.requireNonNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * How to parse delimited text.
 *
 * @param delimiter the field delimiter
 * @param quote the quote character
 * @param escape the escape character inside quoted fields, or null when quotes are escaped by
 *     doubling them (RFC 4180)
 * @param charset the character set; a byte-order mark at the start of a file overrides it
 * @param skipRows physical lines to skip before the header (title rows above a table)
 * @param header whether the first record names the columns; if not, columns are {@code column_1},
 *     {@code column_2}, … and the first record is data
 * @param nullValues field values that mean NULL, compared exactly; the default is the empty field
 * @param trimSpaces whether spaces around fields (and around quoted fields) are removed
 * @param replaceInvalidText whether bytes that are not valid in {@code charset} become U+FFFD and
 *     are counted in a warning, instead of failing the read
 */
public record CsvOptions(
    char delimiter,
    char quote,
    Character escape,
    Charset charset,
    int skipRows,
    boolean header,
    Set<String> nullValues,
    boolean trimSpaces,
    boolean replaceInvalidText) {
  public CsvOptions {
    requireNonNull(charset, "charset is null");
    nullValues = Set.copyOf(nullValues);
    if (skipRows < 0) {
      throw new IllegalArgumentException("skipRows must not be negative");
    }
  }

  /** Comma-separated UTF-8 with a header row, empty fields NULL: what {@code source-csv} reads. */
  public static CsvOptions defaults() {
    return new CsvOptions(
        ',', '"', null, StandardCharsets.UTF_8, 0, true, Set.of(""), false, false);
  }

  public CsvOptions withDelimiter(char value) {
    return new CsvOptions(
        value,
        quote,
        escape,
        charset,
        skipRows,
        header,
        nullValues,
        trimSpaces,
        replaceInvalidText);
  }

  public CsvOptions withCharset(Charset value) {
    return new CsvOptions(
        delimiter,
        quote,
        escape,
        value,
        skipRows,
        header,
        nullValues,
        trimSpaces,
        replaceInvalidText);
  }

  /** Whether {@code value} is one of the configured NULL markers. */
  public boolean isNull(String value) {
    return nullValues.contains(value);
  }
}
