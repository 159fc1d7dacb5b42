package io.airlock.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.protocol.spec.ConnectorSpecs;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The spec of {@code source-http} states what the connector does. */
class HttpSpecTest {
  private static final JsonNode SPEC = ConnectorSpecs.find(HttpSourceFactory.TYPE).orElseThrow();

  @Test
  void specIsListedAndRegisteredAsAnIncrementalSource() {
    assertThat(ConnectorRegistry.builtIn().types()).contains(HttpSourceFactory.TYPE);
    assertThat(ConnectorSpecs.kind(SPEC)).isEqualTo("source");
    assertThat(ConnectorSpecs.syncModes(SPEC))
        .contains("INCREMENTAL_APPEND", "INCREMENTAL_APPEND_DEDUP");
  }

  @Test
  void everyCredentialIsASecretReference() {
    assertThat(ConnectorSpecs.secretFields(SPEC))
        .containsExactly("auth.client_secret", "auth.key", "auth.password", "auth.token");
    assertThat(
            ConnectorSpecs.literalSecrets(
                SPEC, Map.of("auth", Map.of("kind", "bearer", "token", "plain-token"))))
        .containsExactly("auth.token");
  }

  @Test
  void theDefaultsInTheSpecAreTheConnectorsDefaults() {
    Map<String, Integer> integers = new HashMap<>();
    SPEC.path("properties")
        .properties()
        .forEach(
            p -> {
              JsonNode value = p.getValue().path("default");
              if (value.isIntegralNumber()) {
                integers.put(p.getKey(), value.asInt());
              }
            });

    assertThat(integers).isEqualTo(HttpSourceFactory.INTEGER_DEFAULTS);
    for (String setting : HttpSourceFactory.ADDRESS_SETTINGS) {
      assertThat(SPEC.path("properties").path(setting).path("default").asBoolean(true))
          .as(setting)
          .isFalse();
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
}
