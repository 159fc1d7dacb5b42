package io.airlock.dataplane.schema;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.EvolvingDestination;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.protocol.job.SyncMode;
import io.airlock.protocol.schema.SchemaChange;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a stream's additive schema changes (new columns, widened types) to its destination before
 * the stream is written, so that a table kept between syncs gets the new columns and types.
 * Overwrite needs none: the destination creates the table afresh. The columns are taken from the
 * stream as the destination receives it, after mappers.
 */
public final class DestinationEvolution {
  private static final Logger LOG = LoggerFactory.getLogger(DestinationEvolution.class);

  private DestinationEvolution() {}

  /**
   * @param source the stream as the source discovered it (its name is the changes' stream)
   * @param written the stream as the destination receives it
   */
  public static void apply(
      Destination destination,
      StreamDescriptor source,
      StreamDescriptor written,
      SyncMode mode,
      List<SchemaChange> changes) {
    if (mode == SyncMode.FULL_REFRESH_OVERWRITE) {
      return;
    }
    List<Column> changed =
        changes.stream()
            .filter(change -> change.stream().equals(source.qualifiedName()))
            .filter(SchemaChange::additive)
            .map(change -> written.column(change.column()))
            .flatMap(Optional::stream)
            .toList();
    if (changed.isEmpty()) {
      return;
    }
    List<String> names = changed.stream().map(Column::name).toList();
    if (!(destination instanceof EvolvingDestination evolving)) {
      LOG.info(
          "Stream {} has new or widened columns {}; the destination applies them itself, if at all"
              + " (issue #3)",
          written.name(),
          names);
      return;
    }
    evolving.evolve(written, changed);
    LOG.info("Applied new or widened columns {} of stream {}", names, written.name());
  }
}
