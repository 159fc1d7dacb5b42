package io.airlock.connectors.external;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs the npm package {@code airbyte-faros-destination}, a third-party Airbyte-protocol
 * destination, under {@code target/external-connectors} once, with a two-line entry file.
 */
final class TestingFarosDestination {
  static final String VERSION = "0.10.65";
  static final Path NODE = Path.of("/usr/bin/node");
  private static final Path FOLDER = Path.of("target", "external-connectors", "faros");

  private TestingFarosDestination() {}

  /** The entry file to run with {@link #NODE}, installing the package first if needed. */
  static synchronized Path entry() throws IOException, InterruptedException {
    Path folder = FOLDER.toAbsolutePath();
    Path entry = folder.resolve("main.js");
    if (!Files.isDirectory(folder.resolve("node_modules/airbyte-faros-destination"))) {
      Files.createDirectories(folder);
      Process npm =
          new ProcessBuilder(
                  List.of(
                      "npm",
                      "install",
                      "--no-audit",
                      "--no-fund",
                      "--loglevel=error",
                      "--prefix",
                      folder.toString(),
                      "airbyte-faros-destination@" + VERSION))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(folder.resolve("npm-install.log").toFile())
              .start();
      if (!npm.waitFor(15, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        npm.destroyForcibly();
        throw new IllegalStateException(
            "npm install of airbyte-faros-destination failed; see " + folder + "/npm-install.log");
      }
    }
    Files.writeString(
        entry,
        "const {mainCommand} = require('airbyte-faros-destination');\n"
            + "mainCommand().parseAsync(process.argv);\n");
    return entry;
  }
}
