package io.airlock.connectors.contract;

import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The files source against the source contract, in each of its formats. */
class FilesSourceContractTest {
  @TempDir Path folder;

  @BeforeEach
  void writeFiles() throws IOException {
    Files.writeString(folder.resolve("visits.csv"), "id,zip,amount\n1,02134,1.50\n2,,-0.01\n");
    Files.writeString(
        folder.resolve("events.jsonl"),
        "{\"id\": 1, \"kind\": \"a\", \"tags\": [1, 2]}\n{\"id\": 2, \"kind\": null}\n");
    Files.copy(
        TestingDatasets.resolve("parquet/alltypes_plain.parquet"),
        folder.resolve("alltypes_plain.parquet"));
  }

  private abstract class FilesFormat extends SourceContract {
    abstract String format();

    @Override
    protected String type() {
      return "source-files";
    }

    @Override
    protected ConnectorSettings goodSettings() {
      return settings(folder);
    }

    @Override
    protected ConnectorSettings badSettings() {
      return settings(folder.resolve("missing"));
    }

    @Override
    protected String cursorField(StreamDescriptor stream) {
      return "_airlock_file_modified";
    }

    @Override
    protected boolean rereadsTheLastCursorValue() {
      return false;
    }

    private ConnectorSettings settings(Path path) {
      return new ConnectorSettings(
          type(),
          Map.of("path", path.toString(), "format", format(), "file_columns", true),
          reference -> null);
    }
  }

  @Nested
  class Csv extends FilesFormat {
    @Override
    String format() {
      return "csv";
    }
  }

  @Nested
  class JsonLines extends FilesFormat {
    @Override
    String format() {
      return "jsonl";
    }
  }

  @Nested
  class Parquet extends FilesFormat {
    @Override
    String format() {
      return "parquet";
    }
  }
}
