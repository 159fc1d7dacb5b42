package io.airlock.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConnectorSpecsTest {
  private final JsonNode spec = ConnectorSpecs.find("destination-postgres").orElseThrow();

  @Test
  void aValidReferenceInASecretFieldIsAccepted() {
    assertThat(ConnectorSpecs.invalidSecrets(spec, Map.of("password", "env://PG_PASSWORD")))
        .isEmpty();
    assertThat(ConnectorSpecs.invalidSecrets(spec, Map.of("host", "127.0.0.1"))).isEmpty();
  }

  @Test
  void malformedReferencesAndLiteralsInSecretFieldsAreNamedWithoutTheirValues() {
    for (Object value :
        new Object[] {
          "env://My Pass word!", "ENV://X", "file://relative/path", "literal-CANARY", 12345
        }) {
      Map<String, String> invalid = ConnectorSpecs.invalidSecrets(spec, Map.of("password", value));

      assertThat(invalid).containsOnlyKeys("password");
      assertThat(invalid.get("password"))
          .doesNotContain("Pass word")
          .doesNotContain("relative")
          .doesNotContain("CANARY")
          .doesNotContain("12345");
      assertThat(ConnectorSpecs.literalSecrets(spec, Map.of("password", value)))
          .containsExactly("password");
    }
  }
}
