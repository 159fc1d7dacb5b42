package io.airlock.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataPlaneProcessTest {
  @Test
  void commandRunsTheDataPlaneMainWithThisJvmsClassPathAndNoToken() {
    List<String> command =
        DataPlaneProcess.builder(
                URI.create("https://127.0.0.1:8443"), "alt_token.abc", Path.of("/tmp/dp"))
            .jvmOption("-Xmx256m")
            .command();

    assertThat(command.get(0)).endsWith("java");
    assertThat(command)
        .containsSubsequence(
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            DataPlaneProcess.MAIN_CLASS,
            "--control-plane",
            "https://127.0.0.1:8443",
            "--work-dir",
            "/tmp/dp")
        .doesNotContain("--proxy", "--token", "alt_token.abc");
  }

  @Test
  void proxyIsPassedWhenSet() {
    List<String> command =
        DataPlaneProcess.builder(URI.create("https://cp:8443"), "t", Path.of("/tmp/dp"))
            .proxy(URI.create("http://127.0.0.1:3128"))
            .command();

    assertThat(command).endsWith("--proxy", "http://127.0.0.1:3128");
  }
}
