package io.airlock.connectors.contract;

import io.airlock.connectors.spi.ConnectorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The CSV source against the source contract, on files written by the test. */
class CsvSourceContractTest extends SourceContract {
  @TempDir Path folder;

  @BeforeEach
  void writeFiles() throws IOException {
    Files.writeString(
        folder.resolve("patients.csv"),
        "id,zip,born,balance,active,seen\n"
            + "1,02134,1980-01-02,10.50,true,2024-01-01T10:00:00Z\n"
            + "2,,1990-12-31,-0.01,false,\n");
  }

  @Override
  protected String type() {
    return "source-csv";
  }

  @Override
  protected ConnectorSettings goodSettings() {
    return new ConnectorSettings(type(), Map.of("path", folder.toString()), ref -> null);
  }

  @Override
  protected ConnectorSettings badSettings() {
    return new ConnectorSettings(
        type(), Map.of("path", folder.resolve("missing").toString()), ref -> null);
  }
}
