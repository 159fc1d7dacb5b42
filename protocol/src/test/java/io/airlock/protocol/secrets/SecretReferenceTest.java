package io.airlock.protocol.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretReferenceTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "env://PG_PASSWORD",
        "env://_x",
        "env://a1_B2",
        "file:///run/secrets/pg_password",
        "file:///etc/airlock/key with space.bin",
        "file:///a"
      })
  void wellFormedReferencesAreAccepted(String reference) {
    assertThat(SecretReference.isReference(reference)).isTrue();
    assertThat(SecretReference.problem(reference)).isEmpty();
  }

  @Test
  void partsOfAReferenceAreItsSchemeAndLocation() {
    SecretReference env = SecretReference.parse("env://PG_PASSWORD");
    SecretReference file = SecretReference.parse("file:///run/secrets/pg");

    assertThat(env.scheme()).isEqualTo("env");
    assertThat(env.envName()).isEqualTo("PG_PASSWORD");
    assertThat(file.scheme()).isEqualTo("file");
    assertThat(file.location()).isEqualTo("/run/secrets/pg");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "env://My Pass word!",
        "env://1ABC",
        "env://A-B",
        "env://",
        "env://A\u0000B",
        "env://ÄNDERN",
        "ENV://X",
        "Env://X",
        " env://X",
        "env ://X",
        "file://relative/path",
        "file://host/run/secrets/pg",
        "FILE:///etc/airlock/pg",
        "file://",
        "file:///",
        "file:///run/secrets/",
        "file:///run/../etc/shadow",
        "file:///run/secrets/..",
        "file:///run/./secrets/pg",
        "file:///run//secrets/pg",
        "file:///run/secrets/pg\u0000.txt",
        "file:///run/secrets/pg\n",
        "s3cr3t-password",
        "https://example.invalid/x",
        "://x",
        ""
      })
  void malformedReferencesAreRejectedWithoutEchoingThem(String reference) {
    assertThat(SecretReference.isReference(reference)).isFalse();
    assertThatThrownBy(() -> SecretReference.parse(reference))
        .isInstanceOf(InvalidSecretReferenceException.class)
        .satisfies(e -> assertThat(e.getMessage()).isNotBlank())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(echoOf(reference)));
  }

  @Test
  void aLiteralValueIsNamedAsSuch() {
    assertThat(SecretReference.problem("hunter2-CANARY"))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains("literal secret values are not accepted")
                    .doesNotContain("hunter2"));
  }

  @Test
  void anUpperCaseSchemeIsExplained() {
    assertThat(SecretReference.problem("ENV://X")).get().asString().contains("lower case");
  }

  @Test
  void secretManagerSchemesAreRecognisedAsNotSupportedYet() {
    assertThat(SecretReference.problem("vault://kv/db#password"))
        .get()
        .asString()
        .contains("vault://")
        .contains("not supported yet")
        .doesNotContain("kv/db");
  }

  @Test
  void theComponentsAreValidatedToo() {
    assertThatThrownBy(() -> new SecretReference("env", "My Pass"))
        .isInstanceOf(InvalidSecretReferenceException.class);
    assertThatThrownBy(() -> new SecretReference("file", "relative"))
        .isInstanceOf(InvalidSecretReferenceException.class);
  }

  @Test
  void aFileReferencePrintsWithoutItsPath() {
    assertThat(SecretReference.parse("file:///run/secrets/pg").toString()).isEqualTo("file://…");
    assertThat(SecretReference.parse("env://PG").toString()).isEqualTo("env://PG");
  }

  /** The part of {@code reference} a message must not repeat: everything after the scheme. */
  private static String echoOf(String reference) {
    int separator = reference.indexOf("://");
    String rest = separator < 0 ? reference : reference.substring(separator + 3);
    return rest.length() < 3 ? "\u0000never\u0000" : rest;
  }
}
