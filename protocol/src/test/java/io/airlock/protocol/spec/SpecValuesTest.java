package io.airlock.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SpecValuesTest {
  private static final String CANARY = "canary-value-7f3a";

  @Test
  void valuesTheSpecAllowsHaveNoProblems() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", 5432);
    config.put("database", "app");
    config.put("sslMode", "require");

    assertThat(SpecValues.problems(spec("source-postgres"), config)).isEmpty();
  }

  @Test
  void eachWrongValueIsNamedWithWhatTheSpecAllowsAndNeverEchoed() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", CANARY);
    config.put("database", 5);
    config.put("sslMode", CANARY);
    config.put("slot_name", CANARY + " X");

    Map<String, String> problems = SpecValues.problems(spec("source-postgres"), config);

    assertThat(problems)
        .containsOnlyKeys("port", "database", "sslMode", "slot_name")
        .containsEntry("port", "Must be of type \"integer\"");
    assertThat(problems.get("sslMode")).contains("verify-full");
    assertThat(problems.get("slot_name")).startsWith("Must match the pattern");
    assertThat(problems.toString()).doesNotContain(CANARY);
  }

  @Test
  void nestedValuesAndMembersAreNamedByTheirPath() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("base_url", "https://127.0.0.1/api");
    config.put("auth", Map.of("kind", 7, "tokn", "env://TOKEN"));

    Map<String, String> problems = SpecValues.problems(spec("source-http"), config);

    assertThat(problems)
        .containsEntry("auth.kind", "Must be of type \"string\"")
        .containsEntry("auth.tokn", "Is not a field of this object in the connector spec")
        .hasSize(2);
  }

  private static JsonNode spec(String type) {
    return ConnectorSpecs.find(type).orElseThrow();
  }
}
