package io.airlock.connectors.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared datasets folder, {@code ../shared/datasets} beside the repository root. */
public final class TestingDatasets {
  private TestingDatasets() {}

  /** The datasets folder, found by walking up from the working directory. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path current = dir; current != null; current = current.getParent()) {
      Path candidate = current.resolveSibling("shared").resolve("datasets");
      if (current.getParent() != null && Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "Cannot find shared/datasets beside the repository root, walking up from " + dir);
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
