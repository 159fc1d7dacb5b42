package io.airlock.connectors.files;

import static io.airlock.connectors.files.FilesTesting.discoverOne;
import static io.airlock.connectors.files.FilesTesting.only;
import static io.airlock.connectors.files.FilesTesting.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.airlock.connectors.csv.CsvFile;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingDatasets;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Cases CSV-01 to CSV-05 and the CSV options of {@code source-files}, on real files. */
class FilesCsvCasesTest {
  private static final Path MESSY = TestingDatasets.resolve("messy-csv");

  @TempDir Path folder;

  @Test
  void csv01ByteOrderMarkDoesNotReachTheFirstColumnName() throws Exception {
    Files.writeString(folder.resolve("people.csv"), "\uFEFFid,name\n1,Ana\n");

    StreamDescriptor written = discoverOne(folder, Map.of());
    StreamDescriptor shared = discoverOne(MESSY, only("utf8bom.csv", Map.of()));

    assertThat(written.columns()).extracting(Column::name).containsExactly("id", "name");
    assertThat(read(folder, Map.of(), written)).containsExactly(List.of(1L, "Ana"));
    assertThat(shared.columns()).extracting(Column::name).containsExactly("kitten", "win");
  }

  @Test
  void csv02CrlfInsideAQuotedFieldIsKeptWhileRowsEndWithLf() throws Exception {
    Files.writeString(folder.resolve("notes.csv"), "id,note\n1,\"line one\r\nline two\"\n2,x\n");

    StreamDescriptor stream = discoverOne(folder, Map.of());

    assertThat(read(folder, Map.of(), stream))
        .containsExactly(List.of(1L, "line one\r\nline two"), List.of(2L, "x"));
  }

  @Test
  void csv03Utf16WithAByteOrderMarkIsDecodedWhateverTheConfiguredEncoding() throws Exception {
    Map<String, Object> settings = only("utf-16le_encoded.csv", Map.of());
    List<String> header =
        IndependentCsv.records(
                MESSY.resolve("utf-16le_encoded.csv"), StandardCharsets.UTF_16, ',', 0)
            .get(0);
    Files.write(
        folder.resolve("big.csv"),
        "\uFEFFnombre,año\nJosé,2001\n".getBytes(StandardCharsets.UTF_16BE));
    Files.write(
        folder.resolve("little.txt"),
        "nombre,año\nJosé,2001\n".getBytes(StandardCharsets.UTF_16LE));

    StreamDescriptor stream = discoverOne(MESSY, settings);
    StreamDescriptor bigEndian = discoverOne(folder, Map.of());
    Map<String, Object> noBom = Map.of("globs", List.of("*.txt"), "encoding", "UTF-16LE");
    StreamDescriptor withoutBom = discoverOne(folder, noBom);

    assertThat(stream.columns().get(0).name()).isEqualTo("Organisation_code");
    assertThat(stream.columns()).extracting(Column::name).containsExactlyElementsOf(header);
    assertThat(read(folder, Map.of(), bigEndian)).containsExactly(List.of("José", 2001L));
    assertThat(read(folder, noBom, withoutBom)).containsExactly(List.of("José", 2001L));
  }

  @Test
  void csv04Latin1IsDecodedWithTheConfiguredCharsetAndNeverReplacedSilently() throws Exception {
    Map<String, Object> latin1 = only("spanish_chars.csv", Map.of("encoding", "ISO-8859-1"));
    Map<String, Object> replace = only("spanish_chars.csv", Map.of("invalid_text", "replace"));

    StreamDescriptor stream = discoverOne(MESSY, latin1);
    List<List<Object>> rows = read(MESSY, latin1, stream);
    Logger logger = (Logger) LoggerFactory.getLogger(CsvFile.class);
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    logger.addAppender(warnings);
    StreamDescriptor replaced;
    List<List<Object>> replacedRows;
    try {
      replaced = discoverOne(MESSY, replace);
      replacedRows = read(MESSY, replace, replaced);
    } finally {
      logger.detachAppender(warnings);
    }

    assertThat(stream.columns().get(7).name()).isEqualTo("Descripción");
    assertThat(rows).anySatisfy(row -> assertThat((String) row.get(7)).contains("ñ"));
    assertThat(rows).noneSatisfy(row -> assertThat(row.toString()).contains("\uFFFD"));
    assertThatThrownBy(() -> discoverOne(MESSY, only("spanish_chars.csv", Map.of())))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("spanish_chars.csv is not valid UTF-8 text: line 1")
        .hasMessageContaining("set 'encoding'");
    assertThat(replaced.columns().get(7).name()).isEqualTo("Descripci\uFFFDn");
    assertThat(replacedRows).hasSameSizeAs(rows);
    assertThat(warnings.list)
        .isNotEmpty()
        .allSatisfy(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage())
                  .matches(
                      "CSV file spanish_chars.csv: \\d+ invalid UTF-8 byte sequences were"
                          + " replaced by U\\+FFFD");
            });
  }

  @Test
  void windows1252ReadsItsOwnCharactersAndRejectsItsUndefinedBytes() throws Exception {
    Charset cp1252 = Charset.forName("windows-1252");
    Files.write(
        folder.resolve("prices.csv"), "item,price\n\u201cpen\u201d,5\u20ac\n".getBytes(cp1252));
    Files.write(folder.resolve("broken.txt"), new byte[] {'a', '\n', 'b', '\n', (byte) 0x81, '\n'});
    Map<String, Object> settings = Map.of("encoding", "windows-1252");
    Map<String, Object> broken = Map.of("encoding", "windows-1252", "globs", List.of("*.txt"));

    StreamDescriptor stream = discoverOne(folder, settings);

    assertThat(read(folder, settings, stream))
        .containsExactly(List.of("\u201cpen\u201d", "5\u20ac"));
    assertThatThrownBy(() -> discoverOne(folder, broken))
        .hasMessageContaining("broken.txt is not valid windows-1252 text: line 3");
  }

  @Test
  void csv05EmptyIsNullAndTheTextNullStaysTextUnlessConfigured() throws Exception {
    Map<String, Object> plain = only("null.csv", Map.of("header", false));
    Map<String, Object> markers =
        only("null.csv", Map.of("header", false, "null_values", List.of("", "null")));

    StreamDescriptor stream = discoverOne(MESSY, plain);
    List<List<Object>> rows = read(MESSY, plain, stream);
    StreamDescriptor marked = discoverOne(MESSY, markers);
    List<List<Object>> markedRows = read(MESSY, markers, marked);

    assertThat(stream.columns())
        .extracting(Column::type)
        .containsExactly(DataType.INTEGER, DataType.TEXT, DataType.INTEGER, DataType.TEXT);
    assertThat(rows.get(2)).containsExactly(3L, "null", null, null);
    assertThat(rows.get(0)).containsExactly(1L, "null", 0L, "0");
    assertThat(marked.columns()).extracting(Column::type).containsOnly(DataType.INTEGER);
    assertThat(markedRows.get(0)).containsExactly(1L, null, 0L, 0L);
    assertThat(markedRows.get(2)).containsExactly(3L, null, null, null);
  }

  @Test
  void emptyFieldIsEmptyTextWhenItIsNotANullMarker() throws Exception {
    Files.writeString(folder.resolve("codes.csv"), "code,n\n,1\nNA,\n");
    Map<String, Object> settings = Map.of("null_values", List.of("NA"));

    StreamDescriptor stream = discoverOne(folder, settings);

    assertThat(stream.columns())
        .extracting(Column::type)
        .containsExactly(DataType.TEXT, DataType.TEXT);
    assertThat(read(folder, settings, stream))
        .containsExactly(List.of("", "1"), Arrays.asList(null, ""));
  }

  @Test
  void quoteEscapeDelimiterSkippedLinesAndHeaderAreConfigurable() throws Exception {
    Files.writeString(
        folder.resolve("report.tsv"),
        "Quarterly report\r\n\r\nname\tquote\r\n'Ana'\t'it\\'s'\r\nBo\t'a\tb'\r\n");
    Map<String, Object> settings =
        Map.of("format", "tsv", "quote", "'", "escape", "\\", "skip_rows", 2);
    Map<String, Object> headerless =
        Map.of("format", "tsv", "quote", "'", "escape", "\\", "skip_rows", 3, "header", false);

    StreamDescriptor stream = discoverOne(folder, settings);
    StreamDescriptor generated = discoverOne(folder, headerless);

    assertThat(stream.columns()).extracting(Column::name).containsExactly("name", "quote");
    assertThat(read(folder, settings, stream))
        .containsExactly(List.of("Ana", "it's"), List.of("Bo", "a\tb"));
    assertThat(generated.columns())
        .extracting(Column::name)
        .containsExactly("column_1", "column_2");
    assertThat(read(folder, headerless, generated)).hasSize(2);
  }

  @Test
  void skippedLinesCountInTheLineNumbersOfErrors() throws Exception {
    Files.writeString(folder.resolve("ragged.csv"), "title\na,b\n1,2\n3\n");

    assertThatThrownBy(() -> discoverOne(folder, Map.of("skip_rows", 1)))
        .hasMessageContaining("ragged.csv, line 4 has 1 fields but the header has 2");
  }

  @Test
  void globsReachSubfoldersAndStreamsAreNamedByRelativePath() throws Exception {
    Files.createDirectories(folder.resolve("2024"));
    Files.writeString(folder.resolve("2024/orders.csv"), "id\n1\n");
    Files.writeString(folder.resolve("orders.csv"), "id\n2\n");

    try (Source top = FilesTesting.source(folder, Map.of());
        Source deep = FilesTesting.source(folder, Map.of("globs", List.of("**/*.csv", "*.csv")))) {
      assertThat(top.discover()).extracting(StreamDescriptor::name).containsExactly("orders");
      assertThat(deep.discover())
          .extracting(StreamDescriptor::name)
          .containsExactly("2024_orders", "orders");
    }
  }

  @Test
  void twoFilesThatWouldShareAStreamNameAreAnError() throws Exception {
    Files.writeString(folder.resolve("a.csv"), "id\n1\n");
    Files.writeString(folder.resolve("a.tsv"), "id\n1\n");

    assertThatThrownBy(() -> discoverOne(folder, Map.of("globs", List.of("a.*"))))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("a.csv and a.tsv would both be stream a");
  }

  @Test
  void fileColumnsCarryThePathAndModificationTime() throws Exception {
    Path file = folder.resolve("people.csv");
    Files.writeString(file, "id\n1\n2\n");
    Instant modified = Instant.parse("2024-05-05T10:00:00.123456Z");
    Files.setLastModifiedTime(file, FileTime.from(modified));
    Map<String, Object> settings = Map.of("file_columns", true);

    StreamDescriptor stream = discoverOne(folder, settings);
    StreamDescriptor reordered =
        stream.withColumns(List.of(stream.columns().get(2), stream.columns().get(0)));

    assertThat(stream.columns())
        .extracting(Column::name)
        .containsExactly("id", "_airlock_file", "_airlock_file_modified");
    assertThat(read(folder, settings, stream))
        .containsExactly(
            List.of(1L, "people.csv", OffsetDateTime.ofInstant(modified, ZoneOffset.UTC)),
            List.of(2L, "people.csv", OffsetDateTime.ofInstant(modified, ZoneOffset.UTC)));
    assertThat(read(folder, settings, reordered).get(0))
        .containsExactly(OffsetDateTime.ofInstant(modified, ZoneOffset.UTC), 1L);
  }

  @Test
  void aFileWithItsOwnFileColumnIsRefusedRatherThanShadowed() throws Exception {
    Files.writeString(folder.resolve("odd.csv"), "_airlock_file\nx\n");

    assertThatThrownBy(() -> discoverOne(folder, Map.of("file_columns", true)))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("odd.csv has its own column _airlock_file");
  }

  @Test
  void unknownFormatAndBadOptionsSayWhatToFix() {
    assertThatThrownBy(() -> FilesTesting.source(folder, Map.of("format", "xlsx")))
        .hasMessageContaining("setting 'format' must be csv, tsv, jsonl or parquet");
    assertThatThrownBy(() -> FilesTesting.source(folder, Map.of("delimiter", ";;")))
        .hasMessageContaining("setting 'delimiter' must be exactly one character");
    assertThatThrownBy(() -> FilesTesting.source(folder, Map.of("encoding", "klingon")))
        .hasMessageContaining("setting 'encoding' names an unknown character set");
    assertThatThrownBy(() -> FilesTesting.source(folder.resolve("missing"), Map.of()).check())
        .hasMessageContaining("does not exist or is not readable");
  }
}
