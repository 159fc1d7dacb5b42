package io.airlock.connectors.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import io.airlock.protocol.spec.ConnectorSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What every destination must do: a test class per connector extends this with settings for a real
 * server or folder, and reads back what a stream wrote.
 */
public abstract class DestinationContract {
  private static final AtomicInteger STREAMS = new AtomicInteger();
  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", DataType.INTEGER, false, null),
          new Column("name", DataType.TEXT, true, null));

  /** The connector type under test, for example {@code destination-postgres}. */
  protected abstract String type();

  /** Settings of a reachable, writable destination. */
  protected abstract ConnectorSettings goodSettings();

  /** Settings that cannot work: a wrong password, a closed port, an unwritable folder. */
  protected abstract ConnectorSettings badSettings();

  /**
   * The {@code id} values the destination holds for {@code stream}, in ascending order, as its own
   * reader sees them; empty when the stream's table or files do not exist.
   */
  protected abstract List<Long> idsOf(String stream) throws Exception;

  private Destination destination() {
    return ConnectorRegistry.builtIn().factory(type()).createDestination(goodSettings());
  }

  @Test
  void itsSpecDeclaresADestinationAndItsSyncModes() {
    JsonNode spec = ConnectorSpecs.find(type()).orElseThrow();

    assertThat(ConnectorSpecs.kind(spec)).isEqualTo("destination");
    assertThat(ConnectorSpecs.syncModes(spec))
        .contains("FULL_REFRESH_OVERWRITE", "FULL_REFRESH_APPEND");
  }

  @Test
  void checkPassesWithGoodSettingsAndFailsWithAConnectorErrorWithBadOnes() {
    try (Destination destination = destination()) {
      destination.check();
    }
    assertThatThrownBy(
            () -> {
              try (Destination bad =
                  ConnectorRegistry.builtIn().factory(type()).createDestination(badSettings())) {
                bad.check();
              }
            })
        .isInstanceOf(ConnectorException.class);
  }

  @Test
  void aFailedOverwriteLeavesThePreviousDataIntact() throws Exception {
    StreamDescriptor stream = newStream();
    write(stream, SyncMode.FULL_REFRESH_OVERWRITE, List.of(1L, 2L), true);

    write(stream, SyncMode.FULL_REFRESH_OVERWRITE, List.of(3L), false);
    assertThat(idsOf(stream.name())).containsExactly(1L, 2L);

    write(stream, SyncMode.FULL_REFRESH_OVERWRITE, List.of(3L), true);
    assertThat(idsOf(stream.name())).containsExactly(3L);
  }

  @Test
  void appendKeepsWhatEarlierCheckpointsCommittedWhenLaterWorkIsAborted() throws Exception {
    StreamDescriptor stream = newStream();
    write(stream, SyncMode.FULL_REFRESH_APPEND, List.of(1L), true);

    try (Destination destination = destination();
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_APPEND)) {
      writer.write(batch(List.of(2L)));
      writer.checkpoint();
      writer.write(batch(List.of(3L)));
      writer.abort();
    }

    assertThat(idsOf(stream.name())).containsExactly(1L, 2L);
  }

  @Test
  void everyDeclaredModeOpensAWriter() throws Exception {
    JsonNode spec = ConnectorSpecs.find(type()).orElseThrow();
    for (String mode : ConnectorSpecs.syncModes(spec)) {
      StreamDescriptor stream = newStream();
      try (Destination destination = destination();
          StreamWriter writer = destination.open(stream, SyncMode.valueOf(mode), "id")) {
        writer.write(batch(List.of(5L)));
        writer.finish();
      }
      assertThat(idsOf(stream.name())).as(mode).containsExactly(5L);
    }
  }

  private void write(StreamDescriptor stream, SyncMode mode, List<Long> ids, boolean finish) {
    try (Destination destination = destination();
        StreamWriter writer = destination.open(stream, mode)) {
      writer.write(batch(ids));
      if (finish) {
        writer.finish();
      } else {
        writer.abort();
      }
    }
  }

  private static StreamDescriptor newStream() {
    return new StreamDescriptor(
        "contract_" + STREAMS.incrementAndGet(), null, COLUMNS, List.of("id"));
  }

  private static RecordBatch batch(List<Long> ids) {
    List<Object[]> rows = new ArrayList<>();
    for (Long id : ids) {
      rows.add(new Object[] {id, "name " + id});
    }
    return new RecordBatch(COLUMNS, rows, 16L * ids.size());
  }
}
