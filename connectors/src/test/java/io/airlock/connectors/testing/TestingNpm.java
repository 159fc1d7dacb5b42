package io.airlock.connectors.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs a pinned npm package under {@code target/npm/<name>} once per build, from the npm
 * registry (the only network the tests use; CI allows it). Tests fail, never skip, when npm is
 * missing or the install fails.
 */
public final class TestingNpm {
  private static final Path ROOT = Path.of("target", "npm");

  private TestingNpm() {}

  /** The package's folder ({@code .../node_modules/<name>}), installing it first if needed. */
  public static synchronized Path install(String name, String version)
      throws IOException, InterruptedException {
    Path prefix = ROOT.resolve(name).toAbsolutePath();
    Path module = prefix.resolve("node_modules").resolve(name);
    if (Files.isDirectory(module)) {
      return module;
    }
    Files.createDirectories(prefix);
    Path log = prefix.resolve("npm-install.log");
    Process npm =
        new ProcessBuilder(
                List.of(
                    "npm",
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                    "--prefix",
                    prefix.toString(),
                    name + "@" + version))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!npm.waitFor(15, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      npm.destroyForcibly();
      throw new IllegalStateException("npm install of " + name + " failed; see " + log);
    }
    return module;
  }
}
