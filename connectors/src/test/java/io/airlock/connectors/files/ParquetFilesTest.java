package io.airlock.connectors.files;

import static io.airlock.connectors.files.FilesTesting.discoverOne;
import static io.airlock.connectors.files.FilesTesting.only;
import static io.airlock.connectors.files.FilesTesting.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingDatasets;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code datasets/parquet} through {@code source-files}: row counts, the values of
 * each logical type, case PQ-01 and the unknown logical type's error. {@code DatasetMatrixTest}
 * syncs every readable file into every destination and compares it row for row with what the reader
 * reads.
 */
class ParquetFilesTest {
  private static final Path PARQUET = TestingDatasets.resolve("parquet");
  private static final Map<String, Object> FORMAT = Map.of("format", "parquet");

  /** Rows per file, as the files' own documentation and footers give them. */
  private static final Map<String, Integer> ROWS =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("alltypes_dictionary.parquet", 2),
              Map.entry("alltypes_plain.parquet", 8),
              Map.entry("alltypes_plain.snappy.parquet", 2),
              Map.entry("binary.parquet", 12),
              Map.entry("byte_array_decimal.parquet", 24),
              Map.entry("datapage_v2.snappy.parquet", 5),
              Map.entry("delta_encoding_optional_column.parquet", 100),
              Map.entry("fixed_length_decimal.parquet", 24),
              Map.entry("int32_decimal.parquet", 24),
              Map.entry("int64_decimal.parquet", 24),
              Map.entry("int96_from_spark.parquet", 6),
              Map.entry("list_columns.parquet", 3),
              Map.entry("nan_in_stats.parquet", 2),
              Map.entry("nested_lists.snappy.parquet", 3),
              Map.entry("nested_maps.snappy.parquet", 6),
              Map.entry("nested_structs.rust.parquet", 1),
              Map.entry("null_list.parquet", 1),
              Map.entry("nullable.impala.parquet", 7),
              Map.entry("nulls.snappy.parquet", 8),
              Map.entry("single_nan.parquet", 1)));

  static Stream<String> readableFiles() {
    return ROWS.keySet().stream();
  }

  @Test
  void everyParquetFileOfTheDatasetHasACase() throws Exception {
    try (Stream<Path> files = Files.list(PARQUET)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")))
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(readableFiles(), Stream.of("unknown-logical-type.parquet")).toList());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readableFiles")
  void everyFileIsReadWithAllItsRows(String file) throws Exception {
    Map<String, Object> settings = only(file, FORMAT);
    StreamDescriptor stream = discoverOne(PARQUET, settings);

    List<List<Object>> rows = read(PARQUET, settings, stream);

    assertThat(rows).hasSize(ROWS.get(file));
    assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(stream.columns().size()));
  }

  @Test
  void deltaEncodedOptionalColumnsEqualTheExpectedCsv() throws Exception {
    Map<String, Object> settings = only("delta_encoding_optional_column.parquet", FORMAT);
    StreamDescriptor stream = discoverOne(PARQUET, settings);
    List<List<Object>> rows = read(PARQUET, settings, stream);
    List<List<String>> expected =
        IndependentCsv.records(
            PARQUET.resolve("delta_encoding_optional_column_expect.csv"),
            StandardCharsets.UTF_8,
            ',',
            0);

    assertThat(stream.columns())
        .extracting(Column::name)
        .containsExactlyElementsOf(expected.get(0).stream().map(String::strip).toList());
    assertThat(rows).hasSize(expected.size() - 1);
    for (int r = 0; r < rows.size(); r++) {
      List<String> record = expected.get(r + 1);
      for (int c = 0; c < record.size(); c++) {
        Object value = rows.get(r).get(c);
        String where = "row " + (r + 1) + " column " + stream.columns().get(c).name();
        if (record.get(c).isEmpty()) {
          assertThat(value).as(where).isNull();
        } else {
          assertThat(value).as(where).isNotNull();
          assertThat(value.toString()).as(where).isEqualTo(record.get(c));
        }
      }
    }
  }

  @Test
  void unknownLogicalTypeFailsNamingFileAndColumn() {
    Map<String, Object> settings = only("unknown-logical-type.parquet", FORMAT);

    assertThatThrownBy(() -> discoverOne(PARQUET, settings))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("Parquet file unknown-logical-type.parquet")
        .hasMessageContaining("column column with unknown type has a logical type")
        .extracting(e -> ((ConnectorException) e).kind())
        .isEqualTo(ConnectorException.Kind.USER);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decimalFiles")
  void everyDecimalEncodingKeepsItsExactValue(String file, DataType type) throws Exception {
    Map<String, Object> settings = only(file, FORMAT);
    StreamDescriptor stream = discoverOne(PARQUET, settings);
    List<List<Object>> rows = read(PARQUET, settings, stream);

    assertThat(stream.columns().get(0).type()).isEqualTo(type);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).get(0)).isEqualTo(new BigDecimal(i + 1).setScale(2));
    }
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> decimalFiles() {
    return Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(
            "int32_decimal.parquet", DataType.decimal(4, 2)),
        org.junit.jupiter.params.provider.Arguments.of(
            "int64_decimal.parquet", DataType.decimal(10, 2)),
        org.junit.jupiter.params.provider.Arguments.of(
            "fixed_length_decimal.parquet", DataType.decimal(25, 2)),
        org.junit.jupiter.params.provider.Arguments.of(
            "byte_array_decimal.parquet", DataType.decimal(4, 2)));
  }

  @Test
  void primitiveTypesKeepTheirValuesAndInt96BecomesATimestamp() throws Exception {
    Map<String, Object> settings = only("alltypes_plain.parquet", FORMAT);
    StreamDescriptor stream = discoverOne(PARQUET, settings);
    List<List<Object>> rows = read(PARQUET, settings, stream);

    assertThat(stream.columns())
        .extracting(Column::type)
        .containsExactly(
            DataType.integer(4),
            DataType.BOOLEAN,
            DataType.integer(4),
            DataType.integer(4),
            DataType.integer(4),
            DataType.INTEGER,
            DataType.floating(4),
            DataType.FLOAT,
            DataType.BYTES,
            DataType.BYTES,
            DataType.TIMESTAMP);
    List<Object> second = rows.get(1);
    assertThat(second.subList(0, 8)).containsExactly(5L, false, 1L, 1L, 1L, 10L, 1.1, 10.1);
    assertThat((byte[]) second.get(8)).asString().isEqualTo("03/01/09");
    assertThat(second.get(10)).isEqualTo(LocalDateTime.of(2009, 3, 1, 0, 1));
  }

  @Test
  void selectedColumnsAreReadInTheRequestedOrder() throws Exception {
    Map<String, Object> settings = only("alltypes_plain.snappy.parquet", FORMAT);
    StreamDescriptor stream = discoverOne(PARQUET, settings);
    StreamDescriptor selected =
        stream.withColumns(
            List.of(stream.column("bigint_col").orElseThrow(), stream.column("id").orElseThrow()));

    assertThat(read(PARQUET, settings, selected))
        .containsExactly(List.of(0L, 6L), List.of(10L, 7L));
  }

  @Test
  void aColumnThatChangedSinceDiscoveryIsNamed() throws Exception {
    Map<String, Object> settings = only("alltypes_plain.parquet", FORMAT);
    StreamDescriptor stream = discoverOne(PARQUET, settings);
    Column id = stream.column("id").orElseThrow();
    StreamDescriptor retyped = stream.withColumns(List.of(id.withType(DataType.TEXT)));
    StreamDescriptor renamed =
        stream.withColumns(List.of(new Column("gone", DataType.TEXT, true, null)));

    assertThatThrownBy(() -> read(PARQUET, settings, retyped))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("alltypes_plain.parquet column id is now INTEGER, not the TEXT");
    assertThatThrownBy(() -> read(PARQUET, settings, renamed))
        .hasMessageContaining("alltypes_plain.parquet has no column gone any more");
  }

  @Test
  void nanIsKeptAsNanAndAnEmptyRowIsNull() throws Exception {
    Map<String, Object> nan = only("nan_in_stats.parquet", FORMAT);
    List<List<Object>> nanRows = read(PARQUET, nan, discoverOne(PARQUET, nan));
    Map<String, Object> single = only("single_nan.parquet", FORMAT);
    List<List<Object>> singleRows = read(PARQUET, single, discoverOne(PARQUET, single));

    assertThat(nanRows).extracting(row -> row.get(0)).containsExactly(1.0, Double.NaN);
    assertThat(singleRows).singleElement().satisfies(row -> assertThat(row.get(0)).isNull());
  }

  /**
   * INT96 is signed nanoseconds of the day and a signed Julian day. Spark wrote its extremes:
   * 9999-12-31 and its smallest timestamp, about 290,000 BC.
   */
  @Test
  void int96TimestampsIncludingSparksExtremes() throws Exception {
    Map<String, Object> settings = only("int96_from_spark.parquet", FORMAT);
    List<List<Object>> rows = read(PARQUET, settings, discoverOne(PARQUET, settings));

    assertThat(rows)
        .extracting(row -> row.get(0))
        .containsExactly(
            LocalDateTime.of(2024, 1, 1, 20, 34, 56, 123_456_000),
            LocalDateTime.of(2024, 1, 1, 1, 0),
            LocalDateTime.of(9999, 12, 31, 3, 0),
            LocalDateTime.of(2024, 12, 30, 23, 0),
            null,
            LocalDate.ofEpochDay(-105_862_232L - 2_440_588L)
                .atStartOfDay()
                .minusNanos(32_509_551_616_000L));
  }

  @Test
  void listsOfPrimitivesAreArraysAndOtherNestingIsJson() throws Exception {
    Map<String, Object> lists = only("list_columns.parquet", FORMAT);
    StreamDescriptor listStream = discoverOne(PARQUET, lists);
    List<List<Object>> listRows = read(PARQUET, lists, listStream);
    Map<String, Object> maps = only("nested_maps.snappy.parquet", FORMAT);
    StreamDescriptor mapStream = discoverOne(PARQUET, maps);
    List<List<Object>> mapRows = read(PARQUET, maps, mapStream);

    assertThat(listStream.columns())
        .extracting(Column::type)
        .containsExactly(DataType.arrayOf(DataType.INTEGER), DataType.arrayOf(DataType.TEXT));
    assertThat(listRows.get(0))
        .containsExactly(List.of(1L, 2L, 3L), Arrays.asList("abc", "efg", "hij"));
    assertThat(listRows.get(1).get(0)).isEqualTo(Arrays.asList(null, 1L));
    assertThat(mapStream.columns().get(0).type()).isEqualTo(DataType.JSON);
    assertThat(((JsonValue) mapRows.get(0).get(0)).json())
        .isEqualTo("{\"a\":{\"1\":true,\"2\":false}}");
  }

  @Test
  void nestedListsMapsAndStructsBecomeJsonWithExplicitNulls() throws Exception {
    Map<String, Object> settings = only("nullable.impala.parquet", FORMAT);
    StreamDescriptor stream = discoverOne(PARQUET, settings);
    List<List<Object>> rows = read(PARQUET, settings, stream);

    assertThat(stream.columns())
        .extracting(Column::type)
        .containsExactly(
            DataType.INTEGER,
            DataType.arrayOf(DataType.integer(4)),
            DataType.JSON,
            DataType.JSON,
            DataType.JSON,
            DataType.JSON);
    List<Object> first = rows.get(0);
    assertThat(first.get(1)).isEqualTo(List.of(1L, 2L, 3L));
    assertThat(json(first.get(2))).isEqualTo("[[1,2],[3,4]]");
    assertThat(json(first.get(3))).isEqualTo("{\"k1\":1,\"k2\":100}");
    assertThat(json(first.get(4))).isEqualTo("[{\"k1\":1}]");
    assertThat(json(first.get(5)))
        .isEqualTo(
            "{\"A\":1,\"b\":[1],\"C\":{\"d\":[[{\"E\":10,\"F\":\"aaa\"},"
                + "{\"E\":-10,\"F\":\"bbb\"}],[{\"E\":11,\"F\":\"c\"}]]},"
                + "\"g\":{\"foo\":{\"H\":{\"i\":[1.1]}}}}");
    assertThat(rows.get(1).get(1)).isEqualTo(Arrays.asList(null, 1L, 2L, null, 3L, null));
  }

  private static String json(Object value) {
    return ((JsonValue) value).json();
  }
}
