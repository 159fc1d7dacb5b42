package io.airlock.connectors.testing;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The readable files of {@code datasets/messy-csv} and the {@code source-files} settings each one
 * needs, shared by the files source's own tests and the dataset matrix.
 */
public final class TestingMessyCsv {
  private TestingMessyCsv() {}

  /** The messy-csv folder. */
  public static Path folder() {
    return TestingDatasets.resolve("messy-csv");
  }

  /**
   * A readable file: the settings it needs, and what the independent reader needs to read it the
   * same way, with the row and column counts counted outside this project.
   */
  public record Case(
      String file,
      Map<String, Object> settings,
      Charset charset,
      char delimiter,
      int skipLines,
      boolean header,
      int columns,
      int rows) {
    @Override
    public String toString() {
      return file;
    }
  }

  public static Stream<Case> readable() {
    Charset utf8 = StandardCharsets.UTF_8;
    Charset latin1 = StandardCharsets.ISO_8859_1;
    return Stream.of(
        // 211.csv holds UTF-8 punctuation once decoded as Mac Roman and saved again: its bytes
        // are valid in x-MacRoman only (not UTF-8, not windows-1252).
        new Case("211.csv", Map.of("encoding", "x-MacRoman"), macRoman(), ',', 0, true, 96, 2132),
        new Case("begrotingsanalyse-2011.csv", Map.of("skip_rows", 6), utf8, ',', 6, true, 20, 36),
        new Case("characters.csv", Map.of("encoding", "Big5"), big5(), ',', 0, true, 18, 382),
        new Case("example.tsv", Map.of("format", "tsv"), utf8, '\t', 0, true, 17, 140),
        new Case("excel_pasting.csv", Map.of("skip_rows", 3), utf8, ',', 3, true, 9, 17),
        new Case("long.csv", Map.of(), utf8, ',', 0, true, 1, 3999),
        new Case("mixedGLB.csv", Map.of("skip_rows", 3), utf8, ',', 3, true, 19, 133),
        new Case("null.csv", Map.of("header", false), utf8, ',', 0, false, 4, 10),
        new Case("simple.csv", Map.of(), utf8, ',', 0, true, 3, 6),
        new Case("simple.psv", Map.of("delimiter", "|"), utf8, '|', 0, true, 6, 28),
        new Case("simple.ssv", Map.of("delimiter", ";"), utf8, ';', 0, true, 3, 6),
        new Case("skip_initials.csv", Map.of(), utf8, ',', 0, true, 2, 2),
        new Case(
            "spanish_chars.csv", Map.of("encoding", "ISO-8859-1"), latin1, ',', 0, true, 8, 116),
        new Case(
            "sparse_with_column_errors.csv",
            Map.of("encoding", "ISO-8859-1"),
            latin1,
            ',',
            0,
            true,
            4,
            2237),
        new Case("utf-16le_encoded.csv", Map.of(), StandardCharsets.UTF_16, ',', 0, true, 19, 327),
        new Case("utf8bom.csv", Map.of(), utf8, ',', 0, true, 2, 0));
  }

  private static Charset macRoman() {
    return Charset.forName("x-MacRoman");
  }

  private static Charset big5() {
    return Charset.forName("Big5");
  }
}
