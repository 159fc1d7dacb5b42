package io.airlock.connectors.external;

import io.airlock.connectors.testing.TestingNpm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Installs the npm package {@code airbyte-faros-destination}, a third-party Airbyte-protocol
 * destination, under {@code target/npm} once, with a two-line entry file.
 */
final class TestingFarosDestination {
  static final String VERSION = "0.10.65";
  static final Path NODE = Path.of("/usr/bin/node");

  private TestingFarosDestination() {}

  /** The entry file to run with {@link #NODE}, installing the package first if needed. */
  static synchronized Path entry() throws IOException, InterruptedException {
    Path module = TestingNpm.install("airbyte-faros-destination", VERSION);
    Path entry = module.getParent().getParent().resolve("main.js");
    Files.writeString(
        entry,
        "const {mainCommand} = require('airbyte-faros-destination');\n"
            + "mainCommand().parseAsync(process.argv);\n");
    return entry;
  }
}
