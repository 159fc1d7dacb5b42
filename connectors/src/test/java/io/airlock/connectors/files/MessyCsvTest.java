package io.airlock.connectors.files;

import static io.airlock.connectors.files.FilesTesting.discoverOne;
import static io.airlock.connectors.files.FilesTesting.only;
import static io.airlock.connectors.files.FilesTesting.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code datasets/messy-csv}: the readable ones are read with the settings they need
 * and checked value for value against {@link IndependentCsv} and against exact row counts, then
 * loaded into PostgreSQL and compared row for row; the truly malformed ones fail naming file and
 * line.
 */
class MessyCsvTest {
  private static final Path MESSY = TestingDatasets.resolve("messy-csv");
  private static TestingPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase("warehouse");
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  /**
   * A readable file: the settings it needs, and what the independent reader needs to read it the
   * same way, with the row and column counts counted outside this project.
   */
  record Case(
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

  static Stream<Case> readable() {
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("readable")
  void readableFileIsReadValueForValue(Case file) throws Exception {
    Map<String, Object> settings = only(file.file(), file.settings());
    List<List<String>> records =
        IndependentCsv.records(
            MESSY.resolve(file.file()), file.charset(), file.delimiter(), file.skipLines());
    List<List<String>> expected = file.header() ? records.subList(1, records.size()) : records;

    StreamDescriptor stream = discoverOne(MESSY, settings);
    List<List<Object>> rows = read(MESSY, settings, stream);

    assertThat(stream.columns()).hasSize(file.columns());
    if (file.header()) {
      assertThat(stream.columns())
          .extracting(Column::name)
          .containsExactlyElementsOf(expectedNames(records.get(0)));
    }
    assertThat(rows).hasSize(file.rows()).hasSize(expected.size());
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < file.columns(); c++) {
        assertValue(
            rows.get(r).get(c), expected.get(r).get(c), file + " row " + (r + 1) + " col " + c);
      }
    }
  }

  @Test
  void everyFileOfTheDatasetIsCoveredByACase() throws Exception {
    Set<String> covered = new HashSet<>();
    readable().forEach(c -> covered.add(c.file()));
    covered.addAll(List.of("complex.csv", "weird_head_padding.csv"));

    try (Stream<Path> files = Files.list(MESSY)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(covered);
    }
  }

  @Test
  void invalidUtf8NamesFileAndLineAndCanBeReadInItsRealCharset() {
    assertThatThrownBy(() -> discoverOne(MESSY, only("211.csv", Map.of())))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("211.csv is not valid UTF-8 text: line 77")
        .hasMessageContaining("'encoding'");
    assertThatThrownBy(
            () -> discoverOne(MESSY, only("211.csv", Map.of("encoding", "windows-1252"))))
        .hasMessageContaining("211.csv is not valid windows-1252 text: line 77");
    assertThatThrownBy(() -> discoverOne(MESSY, only("characters.csv", Map.of())))
        .hasMessageContaining("characters.csv is not valid UTF-8 text: line 1");
  }

  /**
   * {@code complex.csv} puts a space before a quoted field ({@code , "6,000,000"}), which RFC 4180
   * does not allow: the quote is then text and the row has six fields. It fails naming the line,
   * and reads with {@code trim_spaces}.
   */
  @Test
  void spaceBeforeAQuoteIsMalformedUnlessSpacesAreTrimmed() throws Exception {
    assertThatThrownBy(() -> discoverOne(MESSY, only("complex.csv", Map.of())))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("complex.csv, line 4 has 6 fields but the header has 4");

    Map<String, Object> trimmed = only("complex.csv", Map.of("trim_spaces", true));
    StreamDescriptor stream = discoverOne(MESSY, trimmed);
    List<List<Object>> rows = read(MESSY, trimmed, stream);

    assertThat(stream.columns())
        .extracting(Column::name)
        .containsExactly("date", "another date", "temperature", "place");
    assertThat(rows)
        .containsExactly(
            java.util.Arrays.asList(LocalDate.of(2011, 1, 1), "24 October 2011", "0", null),
            List.of(LocalDate.of(2011, 1, 2), "24 October 2012", "-1", "Galway and more"),
            java.util.Arrays.asList(LocalDate.of(2011, 1, 3), null, "6,000,000", "Galway"));
  }

  /**
   * {@code weird_head_padding.csv} is a printed report, not a table: a title line with commas, a
   * line of asterisks, key-value lines, then rows of varying width. No header setting makes its
   * rows equally wide, so it fails naming the first row that differs.
   */
  @Test
  void reportLayoutFailsNamingTheFirstRaggedLine() {
    assertThatThrownBy(() -> discoverOne(MESSY, only("weird_head_padding.csv", Map.of())))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("weird_head_padding.csv, line 4 has 1 fields but the header has 5");
    assertThatThrownBy(
            () ->
                discoverOne(
                    MESSY,
                    only("weird_head_padding.csv", Map.of("delimiter", ";", "skip_rows", 11))))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("weird_head_padding.csv, line 74 has 1 fields but the header has 11");
  }

  @Test
  void everyReadableFileLoadsIntoPostgresRowForRow() throws Exception {
    List<Case> cases = readable().toList();
    for (Case file : cases) {
      Map<String, Object> settings = only(file.file(), file.settings());
      List<List<String>> expected = new ArrayList<>();
      StreamDescriptor stream;
      try (Source source = FilesTesting.source(MESSY, settings);
          Destination destination =
              ConnectorRegistry.builtIn()
                  .factory("destination-postgres")
                  .createDestination(postgres.destinationSettings("warehouse", "messy"))) {
        stream = source.discover().get(0);
        source.read(stream, batch -> batch.rows().forEach(row -> expected.add(texts(row))));
        TestingSync.copy(source, List.of(stream), destination, SyncMode.FULL_REFRESH_OVERWRITE);
      }

      List<List<String>> loaded = table("messy", stream.name(), stream.columns().size());
      assertThat(loaded).as(file.file()).hasSize(file.rows());
      assertThat(sorted(loaded)).as(file.file()).isEqualTo(sorted(expected));
    }
  }

  private static List<String> expectedNames(List<String> header) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip();
      name = name.isEmpty() ? "column_" + (i + 1) : name;
      String unique = name;
      for (int n = 2; !seen.add(unique); n++) {
        unique = name + "_" + n;
      }
      names.add(unique);
    }
    return names;
  }

  private static void assertValue(Object actual, String raw, String where) {
    if (raw.isEmpty()) {
      assertThat(actual).as(where).isNull();
      return;
    }
    switch (actual) {
      case String text -> assertThat(text).as(where).isEqualTo(raw);
      case Long number -> assertThat(number).as(where).isEqualTo(Long.parseLong(raw));
      case BigDecimal number -> assertThat(number).as(where).isEqualTo(new BigDecimal(raw));
      case Boolean bool -> assertThat(bool.toString()).as(where).isEqualToIgnoringCase(raw);
      case LocalDate date -> assertThat(date.toString()).as(where).isEqualTo(raw);
      case null -> throw new AssertionError(where + ": NULL for a non-empty field");
      default -> throw new AssertionError(where + ": unexpected " + actual.getClass());
    }
  }

  /** PostgreSQL's text form of a value as the source read it. */
  private static List<String> texts(Object[] row) {
    List<String> texts = new ArrayList<>();
    for (Object value : row) {
      texts.add(
          switch (value) {
            case null -> null;
            case Boolean b -> b ? "t" : "f";
            case BigDecimal d -> d.toPlainString();
            default -> value.toString();
          });
    }
    return texts;
  }

  private static List<List<String>> table(String schema, String table, int columns)
      throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Connection connection = postgres.connect("warehouse");
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT * FROM \"" + schema + "\".\"" + table + "\"")) {
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(result.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<List<String>> sorted(List<List<String>> rows) {
    List<List<String>> copy = new ArrayList<>(rows);
    copy.sort(java.util.Comparator.comparing(List::toString));
    return copy;
  }

  private static Charset macRoman() {
    return Charset.forName("x-MacRoman");
  }

  private static Charset big5() {
    return Charset.forName("Big5");
  }
}
