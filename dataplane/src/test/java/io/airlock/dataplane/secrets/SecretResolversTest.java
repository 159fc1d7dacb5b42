package io.airlock.dataplane.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void aMissingOrRelativeFileIsAClearErrorWithoutTheValue() throws Exception {
    Path missing = dir.resolve("absent");
    assertThatThrownBy(() -> resolver.resolve("file://" + missing))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> resolver.resolve("file://relative/path"))
        .hasMessageContaining("absolute path");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> resolver.resolve("file://" + empty)).hasMessageContaining("empty");
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
