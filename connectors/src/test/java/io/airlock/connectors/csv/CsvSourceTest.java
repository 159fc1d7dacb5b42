package io.airlock.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
  @TempDir Path folder;

  @Test
  void byteOrderMarkDoesNotReachTheFirstColumnName() throws Exception {
    write("bom.csv", "\uFEFFid,name\n1,Ana\n2,Bo\n");

    StreamDescriptor stream = single(discover(Map.of()));

    assertThat(stream.name()).isEqualTo("bom");
    assertThat(stream.columns()).extracting(Column::name).containsExactly("id", "name");
    assertThat(read(stream)).containsExactly(List.of(1L, "Ana"), List.of(2L, "Bo"));
  }

  @Test
  void crlfInsideAQuotedFieldIsKeptWhileRowsEndWithLf() throws Exception {
    write("notes.csv", "id,note\n1,\"line one\r\nline two\"\n2,plain\n");

    List<List<Object>> rows = read(single(discover(Map.of())));

    assertThat(rows).containsExactly(List.of(1L, "line one\r\nline two"), List.of(2L, "plain"));
  }

  @Test
  void rowWithTheWrongFieldCountNamesFileAndLine() throws Exception {
    write("bad.csv", "id,note\n1,\"two\nlines\"\n2,ok\n3,too,many\n4,ok\n");

    assertThatThrownBy(() -> discover(Map.of()))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("bad.csv, line 5")
        .hasMessageContaining("3 fields but the header has 2")
        .hasMessageNotContaining("many")
        .extracting(e -> ((ConnectorException) e).kind())
        .isEqualTo(ConnectorException.Kind.USER);
  }

  @Test
  void typesAreInferredFromEveryValueAndLeadingZeroCodesStayText() throws Exception {
    write(
        "typed.csv",
        """
        int,dec,flag,day,local,zoned,zip,mixed,blank,huge
        1,1.50,true,2024-02-29,2024-02-29T10:00:00,2024-02-29T10:00:00Z,12345,7,,1
        -20,-0.01,FALSE,1900-01-01,2024-02-29T10:00:00.123456,2024-02-29T12:00:00+02:00,\
        02134,x,,99999999999999999999
        ,3,,,,,,,,
        """);

    StreamDescriptor stream = single(discover(Map.of()));

    assertThat(stream.columns())
        .extracting(Column::type)
        .containsExactly(
            DataType.INTEGER,
            DataType.DECIMAL,
            DataType.BOOLEAN,
            DataType.DATE,
            DataType.TIMESTAMP,
            DataType.TIMESTAMPTZ,
            DataType.TEXT,
            DataType.TEXT,
            DataType.TEXT,
            DataType.DECIMAL);
    assertThat(read(stream).get(1))
        .containsExactly(
            -20L,
            new BigDecimal("-0.01"),
            false,
            LocalDate.of(1900, 1, 1),
            LocalDateTime.of(2024, 2, 29, 10, 0, 0, 123_456_000),
            OffsetDateTime.of(2024, 2, 29, 10, 0, 0, 0, ZoneOffset.UTC),
            "02134",
            "x",
            null,
            new BigDecimal("99999999999999999999"));
  }

  @Test
  void emptyFieldsAreNullAndDoNotForceText() throws Exception {
    write("sparse.csv", "a,b\n,2024-01-01\n5,\n");

    StreamDescriptor stream = single(discover(Map.of()));
    List<List<Object>> rows = read(stream);

    assertThat(stream.columns())
        .extracting(Column::type)
        .containsExactly(DataType.INTEGER, DataType.DATE);
    assertThat(rows.get(0)).containsExactly(null, LocalDate.of(2024, 1, 1));
    assertThat(rows.get(1)).containsExactly(5L, null);
  }

  @Test
  void delimiterAndEncodingAreConfigurable() throws Exception {
    Files.write(
        folder.resolve("latin.txt"),
        "nombre;año\nNuñez;2001\nJosé;1999\n".getBytes(Charset.forName("ISO-8859-1")));

    StreamDescriptor stream =
        single(discover(Map.of("glob", "*.txt", "delimiter", ";", "encoding", "ISO-8859-1")));

    assertThat(stream.columns()).extracting(Column::name).containsExactly("nombre", "año");
    assertThat(read(stream, Map.of("glob", "*.txt", "delimiter", ";", "encoding", "ISO-8859-1")))
        .containsExactly(List.of("Nuñez", 2001L), List.of("José", 1999L));
  }

  @Test
  void bytesInvalidForTheEncodingAreAnErrorNotReplacementCharacters() throws Exception {
    Files.write(
        folder.resolve("latin.csv"), "name\nNuñez\n".getBytes(Charset.forName("ISO-8859-1")));

    assertThatThrownBy(() -> discover(Map.of()))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("latin.csv is not valid UTF-8")
        .hasMessageContaining("'encoding'");
  }

  @Test
  void selectedColumnsAreReadInTheRequestedOrder() throws Exception {
    write("wide.csv", "a,b,c\n1,x,true\n");
    StreamDescriptor stream = single(discover(Map.of()));
    StreamDescriptor selected =
        stream.withColumns(List.of(stream.columns().get(2), stream.columns().get(0)));

    assertThat(read(selected)).containsExactly(List.of(true, 1L));
  }

  @Test
  void valueThatNoLongerFitsTheDiscoveredTypeNamesFileLineAndColumn() throws Exception {
    write("changing.csv", "id,amount\n1,10\n2,20\n");
    StreamDescriptor stream = single(discover(Map.of()));
    write("changing.csv", "id,amount\n1,10\n2,\"twenty\"\n");

    assertThatThrownBy(() -> read(stream))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("changing.csv, line 3, column amount")
        .hasMessageNotContaining("twenty");
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
  }

  private Source source(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put("path", folder.toString());
    return ConnectorRegistry.builtIn()
        .factory("source-csv")
        .createSource(new ConnectorSettings("source-csv", config, ref -> null));
  }

  private List<StreamDescriptor> discover(Map<String, Object> extra) {
    try (Source source = source(extra)) {
      return source.discover();
    }
  }

  private List<List<Object>> read(StreamDescriptor stream) throws InterruptedException {
    return read(stream, Map.of());
  }

  private List<List<Object>> read(StreamDescriptor stream, Map<String, Object> extra)
      throws InterruptedException {
    List<List<Object>> rows = new ArrayList<>();
    try (Source source = source(extra)) {
      source.read(
          stream, batch -> batch.rows().forEach(row -> rows.add(java.util.Arrays.asList(row))));
    }
    return rows;
  }

  private static StreamDescriptor single(List<StreamDescriptor> streams) {
    assertThat(streams).hasSize(1);
    return streams.get(0);
  }
}
