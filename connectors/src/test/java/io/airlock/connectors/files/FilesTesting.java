package io.airlock.connectors.files;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds {@code source-files} sources for tests and reads their streams. */
final class FilesTesting {
  private FilesTesting() {}

  static Source source(Path folder, Map<String, Object> settings) {
    Map<String, Object> config = new HashMap<>(settings);
    config.put("path", folder.toString());
    return ConnectorRegistry.builtIn()
        .factory(FilesSourceFactory.TYPE)
        .createSource(new ConnectorSettings(FilesSourceFactory.TYPE, config, ref -> null));
  }

  static StreamDescriptor discoverOne(Path folder, Map<String, Object> settings) {
    try (Source source = source(folder, settings)) {
      List<StreamDescriptor> streams = source.discover();
      if (streams.size() != 1) {
        throw new AssertionError("Expected one stream, got " + streams.size());
      }
      return streams.get(0);
    }
  }

  static List<List<Object>> read(Path folder, Map<String, Object> settings, StreamDescriptor stream)
      throws InterruptedException {
    List<List<Object>> rows = new ArrayList<>();
    try (Source source = source(folder, settings)) {
      source.read(stream, batch -> batch.rows().forEach(row -> rows.add(Arrays.asList(row))));
    }
    return rows;
  }

  /** Settings selecting exactly one file by name. */
  static Map<String, Object> only(String fileName, Map<String, Object> settings) {
    Map<String, Object> config = new HashMap<>(settings);
    config.put("globs", List.of(fileName));
    return config;
  }
}
