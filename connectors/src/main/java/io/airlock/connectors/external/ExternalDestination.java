package io.airlock.connectors.external;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;

/**
 * Runs an executable that speaks the Airbyte protocol as a destination: each stream is written by
 * its own {@code write} run (see {@link ExternalStreamWriter}).
 */
final class ExternalDestination implements Destination {
  private final ExternalCommand command;

  ExternalDestination(ExternalCommand command) {
    this.command = requireNonNull(command, "command is null");
  }

  @Override
  public void check() {
    ExternalRuns.check(command);
  }

  @Override
  public StreamWriter open(StreamDescriptor stream, SyncMode mode) {
    return open(stream, mode, null);
  }

  /** Every mode is passed on; the connector refuses the ones it does not support. */
  @Override
  public StreamWriter open(StreamDescriptor stream, SyncMode mode, String cursorField) {
    requireNonNull(stream, "stream is null");
    requireNonNull(mode, "mode is null");
    return new ExternalStreamWriter(command, stream, mode, cursorField);
  }

  @Override
  public void close() {
    // Each writer's process ends with the writer.
  }
}
