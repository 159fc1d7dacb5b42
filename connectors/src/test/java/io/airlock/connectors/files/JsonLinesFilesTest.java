package io.airlock.connectors.files;

import static io.airlock.connectors.files.FilesTesting.discoverOne;
import static io.airlock.connectors.files.FilesTesting.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import io.airlock.connectors.spi.StreamDescriptor;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON Lines through {@code source-files}: inference from a bounded sample, and its errors. */
class JsonLinesFilesTest {
  private static final Map<String, Object> JSONL = Map.of("format", "jsonl");

  @TempDir Path folder;

  @Test
  void typesAreInferredFromTheSampleAndNestedValuesStayJson() throws Exception {
    write(
        "events.jsonl",
        """
        {"id": 1, "amount": 1.50, "ok": true, "name": "a", "tags": ["x", 1], "mixed": 1}
        {"id": 2, "amount": 2, "ok": false, "name": null, "tags": {"k": [1, null]}, "mixed": "b"}

        {"id": 99999999999, "amount": 123456789012345678901234567890.123, "extra": null}
        """);

    StreamDescriptor stream = discoverOne(folder, JSONL);
    List<List<Object>> rows = read(folder, JSONL, stream);

    assertThat(stream.name()).isEqualTo("events");
    assertThat(stream.columns())
        .extracting(Column::name)
        .containsExactly("id", "amount", "ok", "name", "tags", "mixed", "extra");
    assertThat(stream.columns())
        .extracting(Column::type)
        .containsExactly(
            DataType.INTEGER,
            DataType.DECIMAL,
            DataType.BOOLEAN,
            DataType.TEXT,
            DataType.JSON,
            DataType.TEXT,
            DataType.TEXT);
    assertThat(rows.get(0))
        .containsExactly(
            1L, new BigDecimal("1.50"), true, "a", new JsonValue("[\"x\",1]"), "1", null);
    assertThat(rows.get(1).get(4)).isEqualTo(new JsonValue("{\"k\":[1,null]}"));
    assertThat(rows.get(2))
        .containsExactly(
            99999999999L,
            new BigDecimal("123456789012345678901234567890.123"),
            null,
            null,
            null,
            null,
            null);
  }

  @Test
  void aKeyFirstSeenAfterTheSampleIsAnErrorNamingFileLineAndKey() throws Exception {
    write("late.jsonl", "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3, \"b\": 4}\n");
    Map<String, Object> settings = Map.of("format", "jsonl", "sample_rows", 2);
    StreamDescriptor stream = discoverOne(folder, settings);

    assertThatThrownBy(() -> read(folder, settings, stream))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("late.jsonl, line 3 has key b")
        .hasMessageContaining("raise 'sample_rows'");
  }

  @Test
  void aValueThatDoesNotFitItsSampledTypeNamesFileLineAndColumn() throws Exception {
    write("drift.jsonl", "{\"n\": 1}\n{\"n\": \"secret-text\"}\n");
    Map<String, Object> settings = Map.of("format", "jsonl", "sample_rows", 1);
    StreamDescriptor stream = discoverOne(folder, settings);

    assertThatThrownBy(() -> read(folder, settings, stream))
        .hasMessageContaining("drift.jsonl, line 2 column n")
        .hasMessageNotContaining("secret-text");
  }

  @Test
  void malformedJsonAndNonObjectsNameFileAndLine() throws Exception {
    write("broken.jsonl", "{\"a\": 1}\n{\"a\": \"unterminated}\n");
    write("array.jsonl", "[1, 2]\n");

    assertThatThrownBy(
            () -> discoverOne(folder, Map.of("format", "jsonl", "globs", List.of("broken.*"))))
        .hasMessageContaining("broken.jsonl, line 2 is not valid JSON")
        .hasMessageNotContaining("unterminated");
    assertThatThrownBy(
            () -> discoverOne(folder, Map.of("format", "jsonl", "globs", List.of("array.*"))))
        .hasMessageContaining("array.jsonl, line 1 is not a JSON object");
  }

  @Test
  void bytesInvalidInTheEncodingNameFileAndLine() throws Exception {
    Files.write(
        folder.resolve("latin.jsonl"),
        "{\"a\": \"x\"}\n{\"a\": \"Nu\u00f1ez\"}\n".getBytes(StandardCharsets.ISO_8859_1));
    Map<String, Object> latin1 = Map.of("format", "jsonl", "encoding", "ISO-8859-1");

    assertThatThrownBy(() -> discoverOne(folder, JSONL))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("latin.jsonl, line 2 holds bytes that are not UTF-8");
    assertThat(read(folder, latin1, discoverOne(folder, latin1)))
        .containsExactly(List.of("x"), List.of("Nu\u00f1ez"));
  }

  @Test
  void selectedColumnsAreReadInTheRequestedOrder() throws Exception {
    write("wide.jsonl", "{\"a\": 1, \"b\": \"x\", \"c\": true}\n");
    StreamDescriptor stream = discoverOne(folder, JSONL);
    StreamDescriptor selected =
        stream.withColumns(List.of(stream.columns().get(2), stream.columns().get(0)));

    assertThat(read(folder, JSONL, selected)).containsExactly(Arrays.asList(true, 1L));
  }

  private void write(String name, String content) throws Exception {
    Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
  }
}
