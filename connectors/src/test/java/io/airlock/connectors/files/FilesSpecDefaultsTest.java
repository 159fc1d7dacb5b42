package io.airlock.connectors.files;

import static io.airlock.connectors.files.FilesTesting.discoverOne;
import static io.airlock.connectors.files.FilesTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.protocol.spec.ConnectorSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The defaults the spec promises are the ones the connector applies. */
class FilesSpecDefaultsTest {
  private static final JsonNode SPEC = ConnectorSpecs.find(FilesSourceFactory.TYPE).orElseThrow();

  @TempDir Path folder;

  @Test
  void specIsListedAndRegisteredAsASource() {
    assertThat(ConnectorSpecs.TYPES).contains(FilesSourceFactory.TYPE);
    assertThat(ConnectorRegistry.builtIn().types()).contains(FilesSourceFactory.TYPE);
    assertThat(ConnectorSpecs.kind(SPEC)).isEqualTo("source");
    assertThat(ConnectorSpecs.secretFields(SPEC))
        .containsExactlyInAnyOrder("access_key_id", "secret_access_key");
  }

  @Test
  void readingWithEverySpecDefaultGivenEqualsReadingWithNone() throws Exception {
    Files.writeString(
        folder.resolve("a.csv"), "\uFEFFid,  note ,flag\n1,null,true\n2,,false\n3,\" x \",\n");
    Files.writeString(folder.resolve("b.jsonl"), "{\"a\": 1, \"b\": [1]}\n{\"a\": 2.5}\n");

    for (String format : List.of("csv", "jsonl")) {
      Map<String, Object> none = Map.of("format", format);
      Map<String, Object> defaults = new HashMap<>(specDefaults());
      defaults.put("format", format);

      StreamDescriptor implicit = discoverOne(folder, none);
      StreamDescriptor explicit = discoverOne(folder, defaults);

      assertThat(explicit).as(format).isEqualTo(implicit);
      assertThat(read(folder, defaults, explicit))
          .as(format)
          .isEqualTo(read(folder, none, implicit));
    }
  }

  @Test
  void everyPropertyHasADescription() {
    SPEC.path("properties")
        .properties()
        .forEach(
            p ->
                assertThat(p.getValue().path("description").asString())
                    .as(p.getKey())
                    .isNotBlank());
  }

  private static Map<String, Object> specDefaults() {
    Map<String, Object> defaults = new HashMap<>();
    SPEC.path("properties")
        .properties()
        .forEach(
            p -> {
              JsonNode value = p.getValue().path("default");
              if (value.isMissingNode()) {
                return;
              }
              defaults.put(p.getKey(), plain(value));
            });
    assertThat(defaults).containsKeys("encoding", "header", "null_values", "sample_rows");
    return defaults;
  }

  private static Object plain(JsonNode value) {
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.values().forEach(e -> list.add(plain(e)));
      return list;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return value.intValue();
    }
    return value.asString();
  }
}
