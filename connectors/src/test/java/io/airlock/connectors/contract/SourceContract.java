package io.airlock.connectors.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.protocol.spec.ConnectorSpecs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What every source must do, whatever it reads: a test class per connector extends this with
 * settings for a real server or file set holding at least one stream with rows.
 */
public abstract class SourceContract {
  /** The connector type under test, for example {@code source-postgres}. */
  protected abstract String type();

  /** Settings of a reachable source with at least one non-empty stream. */
  protected abstract ConnectorSettings goodSettings();

  /** Settings that cannot work: a wrong password, a missing folder, a closed port. */
  protected abstract ConnectorSettings badSettings();

  /** Text that {@link #badSettings()} holds in a secret, which no error may show; or null. */
  protected String secretInBadSettings() {
    return null;
  }

  /** The column an incremental read of {@code stream} follows; change capture names its log's. */
  protected String cursorField(StreamDescriptor stream) {
    return stream.cursorCandidates().getFirst();
  }

  /**
   * Whether a read from a saved state reads the records at the state's cursor value again
   * (inclusive), as the SQL cursor reads do. A source that remembers which records it read at that
   * value (the files source keeps the paths of the files with the greatest modification time), or a
   * change-capture read (only the changes after its log position), reads nothing new instead.
   */
  protected boolean rereadsTheLastCursorValue() {
    return true;
  }

  private Source source(ConnectorSettings settings) {
    return ConnectorRegistry.builtIn().factory(type()).createSource(settings);
  }

  @Test
  void itsSpecDeclaresASourceAndItsSyncModes() {
    JsonNode spec = ConnectorSpecs.find(type()).orElseThrow();

    assertThat(ConnectorSpecs.kind(spec)).isEqualTo("source");
    assertThat(ConnectorSpecs.syncModes(spec)).contains("FULL_REFRESH_OVERWRITE");
    assertThat(ConnectorSpecs.TYPES).contains(type());
  }

  @Test
  void checkPassesWithGoodSettings() {
    try (Source source = source(goodSettings())) {
      source.check();
    }
  }

  @Test
  void checkFailsWithAConnectorErrorThatShowsNoSecret() {
    assertThatThrownBy(
            () -> {
              try (Source source = source(badSettings())) {
                source.check();
              }
            })
        .isInstanceOf(ConnectorException.class)
        .satisfies(
            e -> {
              if (secretInBadSettings() != null) {
                assertThat(e.getMessage()).doesNotContain(secretInBadSettings());
              }
            });
  }

  @Test
  void discoverDescribesStreamsColumnsKeysAndCursorCandidates() {
    try (Source source = source(goodSettings())) {
      List<StreamDescriptor> streams = source.discover();

      assertThat(streams).isNotEmpty();
      for (StreamDescriptor stream : streams) {
        List<String> names = stream.columns().stream().map(Column::name).toList();
        assertThat(stream.name()).isNotBlank();
        assertThat(names).isNotEmpty().doesNotHaveDuplicates();
        assertThat(names).containsAll(stream.primaryKey());
        assertThat(names).containsAll(stream.cursorCandidates());
      }
    }
  }

  @Test
  void everyValueReadHasTheClassOfItsColumnsKind() throws InterruptedException {
    try (Source source = source(goodSettings())) {
      long rows = 0;
      for (StreamDescriptor stream : source.discover()) {
        for (RecordBatch batch : readAll(source, StreamRead.fullRefresh(stream)).batches()) {
          assertThat(batch.columns()).isEqualTo(stream.columns());
          for (Object[] row : batch.rows()) {
            assertThat(row).hasSize(stream.columns().size());
            for (int i = 0; i < row.length; i++) {
              Column column = stream.columns().get(i);
              if (row[i] != null) {
                assertThat(ValueClasses.fits(column.type(), row[i]))
                    .as("%s.%s holds a %s", stream.name(), column.name(), row[i].getClass())
                    .isTrue();
              }
            }
            rows++;
          }
        }
      }
      assertThat(rows).isPositive();
    }
  }

  @Test
  void aColumnSelectionReadsOnlyThoseColumns() throws InterruptedException {
    try (Source source = source(goodSettings())) {
      StreamDescriptor stream =
          source.discover().stream().filter(s -> s.columns().size() > 1).findFirst().orElseThrow();
      StreamDescriptor narrowed = stream.withColumns(List.of(stream.columns().getLast()));

      Read read = readAll(source, StreamRead.fullRefresh(narrowed));

      assertThat(read.rows()).isPositive();
      read.batches().forEach(b -> assertThat(b.columns()).isEqualTo(narrowed.columns()));
    }
  }

  @Test
  void anIncrementalReadResumesFromItsOwnStateInclusively() throws InterruptedException {
    JsonNode spec = ConnectorSpecs.find(type()).orElseThrow();
    if (!ConnectorSpecs.syncModes(spec).contains("INCREMENTAL_APPEND")) {
      return;
    }
    try (Source source = source(goodSettings())) {
      StreamDescriptor stream =
          source.discover().stream()
              .filter(s -> !s.cursorCandidates().isEmpty())
              .findFirst()
              .orElseThrow(() -> new AssertionError("no stream offers a cursor"));
      String cursor = cursorField(stream);

      Read first = readAll(source, new StreamRead(stream, cursor, null));
      Read again = readAll(source, new StreamRead(stream, cursor, first.lastState()));

      assertThat(first.lastState()).as("a state marked after the rows").isNotNull();
      assertThat(first.rows()).isPositive();
      if (rereadsTheLastCursorValue()) {
        assertThat(again.rows()).isPositive().isLessThanOrEqualTo(first.rows());
        assertThat(again.lastState()).isEqualTo(first.lastState());
      } else {
        assertThat(again.rows()).as("nothing new since the state").isZero();
      }
    }
  }

  /** What one read gave: its batches and the last state it marked. */
  protected record Read(List<RecordBatch> batches, String lastState) {
    long rows() {
      return batches.stream().mapToLong(RecordBatch::size).sum();
    }
  }

  private static Read readAll(Source source, StreamRead read) throws InterruptedException {
    List<RecordBatch> batches = new ArrayList<>();
    String[] state = new String[1];
    source.read(
        read,
        new BatchSink() {
          @Override
          public void accept(RecordBatch batch) {
            batches.add(batch);
          }

          @Override
          public void checkpoint(String marked) {
            state[0] = marked;
          }
        });
    return new Read(batches, state[0]);
  }
}
