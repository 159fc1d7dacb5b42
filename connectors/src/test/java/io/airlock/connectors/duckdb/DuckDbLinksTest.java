package io.airlock.connectors.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.protocol.job.SyncMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DuckDB writes beside its file; a symbolic link planted there must not redirect it. */
class DuckDbLinksTest {
  @TempDir Path root;

  @ParameterizedTest
  @ValueSource(strings = {".wal", ".wal.checkpoint", ".wal.recovery", ".tmp"})
  void aLinkedSideFileIsRefusedAndItsTargetKept(String suffix) throws Exception {
    Path decoy = Files.writeString(root.resolve("decoy.txt"), "keep me");
    Path database = root.resolve("warehouse.duckdb");
    Files.createSymbolicLink(root.resolve("warehouse.duckdb" + suffix), decoy);
    StreamDescriptor stream =
        new StreamDescriptor(
            "t", null, List.of(new Column("id", DataType.INTEGER, false, null)), List.of("id"));

    try (Destination destination =
        ConnectorRegistry.builtIn()
            .factory("destination-duckdb")
            .createDestination(
                new ConnectorSettings(
                    "destination-duckdb", Map.of("path", database.toString()), r -> null))) {
      assertThatThrownBy(() -> destination.open(stream, SyncMode.FULL_REFRESH_OVERWRITE))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("warehouse.duckdb" + suffix + " is a symbolic link");
    }

    assertThat(decoy).hasContent("keep me");
    assertThat(database).doesNotExist();
  }
}
