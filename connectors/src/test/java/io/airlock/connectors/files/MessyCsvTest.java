package io.airlock.connectors.files;

import static io.airlock.connectors.files.FilesTesting.discoverOne;
import static io.airlock.connectors.files.FilesTesting.only;
import static io.airlock.connectors.files.FilesTesting.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.connectors.testing.TestingMessyCsv;
import io.airlock.connectors.testing.TestingMessyCsv.Case;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code datasets/messy-csv}: the readable ones are read with the settings they need
 * and checked value for value against {@link IndependentCsv} and against exact row counts; the
 * truly malformed ones fail naming file and line. {@code DatasetMatrixTest} syncs the readable ones
 * into every destination and compares them row for row.
 */
class MessyCsvTest {
  private static final Path MESSY = TestingDatasets.resolve("messy-csv");

  static Stream<Case> readable() {
    return TestingMessyCsv.readable();
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
}
