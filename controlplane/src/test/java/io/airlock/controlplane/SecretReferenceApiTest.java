package io.airlock.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.controlplane.testing.TestingHttps.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Secret references in connector configurations and mappers, over the real admin API. */
class SecretReferenceApiTest {
  private static final List<String> MALFORMED =
      List.of(
          "env://My Pass word!",
          "ENV://DB_SECRET",
          "env://9LIVES",
          "file://relative/path",
          "file:///run/secrets/../../etc/shadow",
          "file:///run/secrets/pg\u0000",
          "vault://kv/db#password");

  @TempDir static Path dataDir;
  static TestingControlPlane cp;
  static UUID workspaceId;
  static JsonNode template;

  @BeforeAll
  static void start() {
    cp = TestingControlPlane.start(dataDir, Duration.ofSeconds(60));
    workspaceId = cp.createWorkspace(cp.createRegion("eu-1"), "analytics");
    UUID connectionId = cp.createConnection(workspaceId, "template", null);
    template = cp.admin("GET", "/api/v1/connections/" + connectionId, null, 200);
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void aMalformedSecretReferenceIsRejectedNamingTheField(String reference) {
    Response response = cp.admin("POST", "/api/v1/destinations", destination("bad", reference));

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("errors").findValuesAsString("field"))
        .containsExactly("config.password");
    assertThat(response.body()).doesNotContain(afterScheme(reference));
    assertThat(cp.admin("GET", "/api/v1/destinations", null, 200).toString())
        .doesNotContain("\"bad\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"env://PG_PASSWORD", "env://_pg_1", "file:///run/secrets/pg password"})
  void aWellFormedSecretReferenceIsAccepted(String reference) {
    JsonNode created =
        cp.admin(
            "POST",
            "/api/v1/destinations",
            destination("good-" + UUID.randomUUID(), reference),
            201);

    assertThat(created.path("config").path("password").asString()).isEqualTo(reference);
  }

  @Test
  void malformedMapperKeyReferencesAreRejectedNamingEachField() {
    List<Map<String, Object>> mappers =
        MALFORMED.stream()
            .map(
                r -> Map.<String, Object>of("type", "hash", "columns", List.of("SSN"), "keyRef", r))
            .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId);
    body.put("name", "bad-keys");
    body.put("sourceId", template.path("sourceId").asString());
    body.put("destinationId", template.path("destinationId").asString());
    body.put("mappers", mappers);

    Response response = cp.admin("POST", "/api/v1/connections", body);

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < MALFORMED.size(); i++) {
      expected.add("mappers[" + i + "].keyRef");
    }
    assertThat(response.json().path("errors").findValuesAsString("field"))
        .containsExactlyElementsOf(expected);
    for (String reference : MALFORMED) {
      assertThat(response.body()).doesNotContain(afterScheme(reference));
    }
  }

  static List<String> malformed() {
    return MALFORMED;
  }

  private static Map<String, Object> destination(String name, String password) {
    return Map.of(
        "workspaceId",
        workspaceId,
        "name",
        name,
        "type",
        "destination-postgres",
        "config",
        Map.of(
            "host",
            "127.0.0.1",
            "database",
            "warehouse",
            "username",
            "writer",
            "password",
            password));
  }

  private static String afterScheme(String reference) {
    return reference.substring(reference.indexOf("://") + 3);
  }
}
