package io.airlock.connectors.contract;

import io.airlock.connectors.spi.ConnectorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files destination (JSON Lines) against the destination contract: the ids are those of every
 * visible part file under the stream's sync folders, as a reader of the folder sees them.
 */
class FilesDestinationContractTest extends DestinationContract {
  @TempDir static Path folder;

  @Override
  protected String type() {
    return "destination-files";
  }

  @Override
  protected ConnectorSettings goodSettings() {
    return settings(folder.resolve("out"));
  }

  /** A root folder under a regular file, so it cannot be created. */
  @Override
  protected ConnectorSettings badSettings() {
    return settings(Path.of("/proc/version/out"));
  }

  private ConnectorSettings settings(Path root) {
    return new ConnectorSettings(
        type(), Map.of("path", root.toString(), "format", "jsonl"), reference -> null);
  }

  @Override
  protected List<Long> idsOf(String stream) throws IOException {
    Path streamFolder = folder.resolve("out").resolve(stream);
    List<Long> ids = new ArrayList<>();
    if (!Files.isDirectory(streamFolder)) {
      return ids;
    }
    try (Stream<Path> files = Files.walk(streamFolder)) {
      for (Path part : files.filter(FilesDestinationContractTest::isVisiblePart).toList()) {
        for (String line : Files.readAllLines(part)) {
          ids.add(JsonMapper.builder().build().readTree(line).path("id").asLong());
        }
      }
    }
    return ids.stream().sorted().toList();
  }

  private static boolean isVisiblePart(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".jsonl") && !path.toString().contains("/.");
  }
}
