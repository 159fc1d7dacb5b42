package io.airlock.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataPlaneSettingsTest {
  @Test
  void defaultsAreLocked() {
    DataPlaneSettings settings = DataPlaneSettings.defaults(URI.create("https://cp:8443"));

    assertThat(settings.enrollmentToken()).isNull();
    assertThat(settings.proxy()).isNull();
    assertThat(settings.checkpointRecords()).isEqualTo(100_000);
    assertThat(settings.pollWait()).isEqualTo(Duration.ofSeconds(25));
    assertThat(settings.workDir()).isEqualTo(DataPlaneSettings.defaultWorkDir(System.getenv()));
  }

  @Test
  void defaultWorkDirIsUnderAirlockHome() {
    assertThat(DataPlaneSettings.defaultWorkDir(Map.of("AIRLOCK_HOME", "/srv/airlock")))
        .isEqualTo(Path.of("/srv/airlock/dataplane/default"));
    assertThat(DataPlaneSettings.defaultWorkDir(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".airlock", "dataplane", "default"));
  }

  @Test
  void proxyAcceptsHostPortAndUrl() {
    DataPlaneSettings settings = DataPlaneSettings.defaults(URI.create("https://cp:8443"));

    assertThat(settings.withProxy(URI.create("http://proxy.corp:3128")).proxy())
        .isEqualTo(URI.create("http://proxy.corp:3128"));
    assertThat(
            DataPlaneMain.settings(
                    Map.of("--control-plane", "https://cp:8443", "--proxy", "10.0.0.1:3128"),
                    Map.of())
                .proxy())
        .isEqualTo(URI.create("http://10.0.0.1:3128"));
    assertThatThrownBy(() -> settings.withProxy(URI.create("socks5://p:1080")))
        .hasMessageContaining("only HTTP proxies");
  }

  @Test
  void theTokenIsNeverPrinted() {
    DataPlaneSettings settings =
        DataPlaneSettings.defaults(URI.create("https://cp:8443")).withEnrollmentToken("alt_secret");

    assertThat(settings.toString()).doesNotContain("alt_secret").contains("<redacted>");
  }

  @Test
  void invalidValuesAreRejected() {
    DataPlaneSettings settings = DataPlaneSettings.defaults(URI.create("https://cp:8443"));

    assertThatThrownBy(() -> settings.withCheckpointRecords(0))
        .hasMessageContaining("checkpointRecords");
    assertThatThrownBy(() -> settings.withPollWait(Duration.ofSeconds(31)))
        .hasMessageContaining("pollWait");
  }

  @Test
  void mainParsesItsOptionsWithoutEchoingUnknownArguments() {
    Map<String, String> options =
        DataPlaneMain.parse(
            new String[] {
              "--control-plane", "https://cp:1", "--token=alt_x.y", "--work-dir", "/d"
            });

    assertThat(options)
        .containsEntry("--control-plane", "https://cp:1")
        .containsEntry("--token", "alt_x.y")
        .containsEntry("--work-dir", "/d");
    assertThatThrownBy(() -> DataPlaneMain.parse(new String[] {"alt_secret_token"}))
        .hasMessageNotContaining("alt_secret_token");
  }
}
