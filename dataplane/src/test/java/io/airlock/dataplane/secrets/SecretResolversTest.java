package io.airlock.dataplane.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.dataplane.mappers.Mappers;
import io.airlock.protocol.job.MapperConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretResolversTest {
  private static final String VALUE = "s3cr3t-CANARY-51a2";

  @TempDir Path dir;

  private final SecretResolver resolver =
      new SchemeSecretResolver(
          Map.of(
              "env",
              new EnvSecretResolver(Map.of("DB_PASSWORD", VALUE, "EMPTY", "")::get),
              "file",
              new FileSecretResolver()));

  @Test
  void envReferencesReadTheEnvironment() {
    try (Secret secret = resolver.resolve("env://DB_PASSWORD")) {
      assertThat(secret.reveal()).isEqualTo(VALUE);
      assertThat(secret.toString()).doesNotContain(VALUE);
    }
  }

  @Test
  void aMissingVariableIsAClearUserError() {
    assertThatThrownBy(() -> resolver.resolve("env://NOT_SET"))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("NOT_SET is not set")
        .satisfies(
            e ->
                assertThat(((ConnectorException) e).kind())
                    .isEqualTo(ConnectorException.Kind.USER));
    assertThatThrownBy(() -> resolver.resolve("env://EMPTY")).hasMessageContaining("is empty");
  }

  @Test
  void fileReferencesReadTheFileWithoutOneTrailingNewline() throws Exception {
    Path file = Files.writeString(dir.resolve("password"), VALUE + "\n");
    Path twoLines = Files.writeString(dir.resolve("two"), VALUE + "\n\n");
    Path crlf = Files.writeString(dir.resolve("crlf"), VALUE + "\r\n");

    assertThat(resolver.resolve("file://" + file).reveal()).isEqualTo(VALUE);
    assertThat(resolver.resolve("file://" + twoLines).reveal()).isEqualTo(VALUE + "\n");
    assertThat(resolver.resolve("file://" + crlf).reveal()).isEqualTo(VALUE);
  }

  @Test
  void fileSecretsKeepBinaryBytes() throws Exception {
    byte[] raw = {1, 2, (byte) 0xfe, 10, 10};
    Path file = Files.write(dir.resolve("key.bin"), raw);

    assertThat(resolver.resolve("file://" + file).revealBytes()).containsExactly(1, 2, 0xfe, 10);
  }

  @Test
  void aMissingOrEmptyFileIsAClearErrorWithoutThePath() throws Exception {
    Path missing = dir.resolve("absent-CANARY");
    assertThatThrownBy(() -> resolver.resolve("file://" + missing))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("does not exist")
        .hasMessageNotContaining("absent-CANARY")
        .hasMessageNotContaining(dir.toString());
    Path empty = Files.writeString(dir.resolve("empty-CANARY"), "\n");
    assertThatThrownBy(() -> resolver.resolve("file://" + empty))
        .hasMessageContaining("empty")
        .hasMessageNotContaining("empty-CANARY");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "env://My Pass word!",
        "ENV://DB_PASSWORD",
        "Env://DB_PASSWORD",
        "env://DB-PASSWORD",
        "file://relative/path",
        "FILE:///etc/airlock/pg",
        "file:///etc/airlock/../shadow",
        "file:///etc/airlock/pg\u0000.txt"
      })
  void malformedReferencesAreRefusedByTheControlPlanesRulesWithoutEchoingThem(String reference) {
    String afterScheme = reference.substring(reference.indexOf("://") + 3);

    assertThatThrownBy(() -> resolver.resolve(reference))
        .isInstanceOf(ConnectorException.class)
        .hasMessageNotContaining(afterScheme)
        .satisfies(
            e ->
                assertThat(((ConnectorException) e).kind())
                    .isEqualTo(ConnectorException.Kind.USER));
  }

  @Test
  void aConnectorSecretErrorNamesTheConnectorAndSettingButNotTheReference() {
    Path missing = dir.resolve("pg-password-CANARY");
    ConnectorSettings settings =
        new ConnectorSettings(
            "destination-postgres",
            Map.of("password", "file://" + missing, "apiKey", "env://NOT_SET", "bad", "My Pass"),
            resolver);

    assertThatThrownBy(() -> settings.secret("password"))
        .isInstanceOf(ConnectorException.class)
        .hasMessageStartingWith("Connector destination-postgres setting 'password': ")
        .hasMessageContaining("does not exist")
        .hasMessageNotContaining("CANARY");
    assertThatThrownBy(() -> settings.secret("apiKey"))
        .hasMessage(
            "Connector destination-postgres setting 'apiKey': The environment variable NOT_SET is"
                + " not set for the data plane; set it where the data plane runs");
    assertThatThrownBy(() -> settings.secret("bad"))
        .hasMessageStartingWith("Connector destination-postgres setting 'bad': ")
        .hasMessageContaining("literal secret values are not accepted")
        .hasMessageNotContaining("My Pass");
  }

  @Test
  void aMapperKeyErrorNamesTheMapper() {
    StreamDescriptor stream =
        new StreamDescriptor(
            "patients", null, List.of(new Column("ssn", DataType.TEXT, true, null)), List.of());
    MapperConfig mapper = new MapperConfig("hash", null, List.of("ssn"), "env://Hash Key CANARY");

    assertThatThrownBy(() -> Mappers.build(List.of(mapper), List.of(stream), resolver))
        .isInstanceOf(ConnectorException.class)
        .hasMessageStartingWith("Mapper 0 (hash) keyRef: ")
        .hasMessageNotContaining("CANARY");
  }

  @Test
  void aLiteralValueIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> resolver.resolve(VALUE))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("literal secret values are not accepted")
        .hasMessageNotContaining(VALUE);
  }

  @Test
  void vaultSchemesAreRecognisedButNotYetSupported() {
    for (String reference :
        new String[] {
          "vault://kv/db#password", "aws-sm://db#pw", "azure-kv://v/n", "gcp-sm://p/n"
        }) {
      assertThatThrownBy(() -> SchemeSecretResolver.standard().resolve(reference))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("resolver lands in a later issue")
          .satisfies(
              e ->
                  assertThat(((ConnectorException) e).kind())
                      .isEqualTo(ConnectorException.Kind.USER));
    }
  }

  @Test
  void jobSecretsResolveOnceAndZeroEverythingOnClose() {
    AtomicInteger calls = new AtomicInteger();
    Secret[] underlying = new Secret[1];
    SecretResolver counting =
        reference -> {
          calls.incrementAndGet();
          underlying[0] = Secret.of(VALUE);
          return underlying[0];
        };
    Secret first;
    Secret second;
    try (JobSecrets secrets = new JobSecrets(counting)) {
      first = secrets.resolve("env://X");
      first.close(); // a connector closing its copy must not break the next caller
      second = secrets.resolve("env://X");
      assertThat(second.reveal()).isEqualTo(VALUE);
      assertThat(calls).hasValue(1);
      assertThat(secrets.redact("login " + VALUE + " failed")).isEqualTo("login <redacted> failed");
    }
    byte[] zero = new byte[VALUE.getBytes(StandardCharsets.UTF_8).length];
    assertThat(second.revealBytes()).isEqualTo(zero);
    assertThat(underlying[0].revealBytes()).isEqualTo(zero);
  }
}
