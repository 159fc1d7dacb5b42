package io.airlock.dataplane.sync;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.protocol.job.StreamConfig;
import io.airlock.protocol.job.SyncMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Matches a job's selected streams with what the source discovered. No selection means every
 * discovered stream, all columns, {@link SyncMode#FULL_REFRESH_OVERWRITE}.
 */
public final class StreamPlanner {
  private static final int MAX_LISTED = 20;

  private StreamPlanner() {}

  public static List<StreamPlan> plan(List<StreamConfig> selected, List<StreamDescriptor> found) {
    if (selected.isEmpty()) {
      return found.stream()
          .map(stream -> new StreamPlan(stream, SyncMode.FULL_REFRESH_OVERWRITE))
          .toList();
    }
    List<StreamPlan> plans = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (StreamConfig config : selected) {
      if (!seen.add(config.name())) {
        throw user("Stream '" + config.name() + "' is selected twice; select it once");
      }
      StreamDescriptor stream = find(config.name(), found);
      StreamDescriptor projected = project(stream, config.columns());
      plans.add(new StreamPlan(projected, config.syncMode(), cursorField(config, projected), null));
    }
    return plans;
  }

  private static StreamDescriptor find(String name, List<StreamDescriptor> found) {
    Optional<StreamDescriptor> byName =
        found.stream().filter(stream -> stream.name().equals(name)).findFirst();
    return byName
        .or(() -> found.stream().filter(stream -> stream.isNamed(name)).findFirst())
        .orElseThrow(
            () ->
                user(
                    "Stream '"
                        + name
                        + "' is not offered by the source; it offers: "
                        + listed(found.stream().map(StreamDescriptor::qualifiedName).toList())));
  }

  /** The cursor column of an incremental stream, checked against its columns; else null. */
  private static String cursorField(StreamConfig config, StreamDescriptor stream) {
    if (!config.incremental()) {
      return null;
    }
    String cursor = config.cursorField();
    if (cursor == null || cursor.isBlank()) {
      throw user(
          "Stream '"
              + config.name()
              + "' uses "
              + config.syncMode()
              + " without a cursor field; choose one of "
              + listed(stream.cursorCandidates()));
    }
    if (stream.column(cursor).isEmpty()) {
      throw user(
          "Cursor field '"
              + cursor
              + "' of stream '"
              + config.name()
              + "' is not among its selected columns; select it, or choose one of "
              + listed(stream.cursorCandidates()));
    }
    return cursor;
  }

  /** The stream with only {@code columns} (in source order); its key only if fully selected. */
  static StreamDescriptor project(StreamDescriptor stream, List<String> columns) {
    if (columns.isEmpty()) {
      return stream;
    }
    for (String column : columns) {
      if (stream.column(column).isEmpty()) {
        throw user(
            "Stream '"
                + stream.name()
                + "' has no column '"
                + column
                + "'; its columns: "
                + listed(stream.columns().stream().map(Column::name).toList()));
      }
    }
    Set<String> wanted = Set.copyOf(columns);
    List<Column> kept = stream.columns().stream().filter(c -> wanted.contains(c.name())).toList();
    List<String> key =
        wanted.containsAll(stream.primaryKey()) ? stream.primaryKey() : List.<String>of();
    return new StreamDescriptor(stream.name(), stream.namespace(), kept, key);
  }

  private static String listed(List<String> names) {
    if (names.isEmpty()) {
      return "(none)";
    }
    String shown = String.join(", ", names.subList(0, Math.min(MAX_LISTED, names.size())));
    return names.size() > MAX_LISTED ? shown + ", … (" + names.size() + " in all)" : shown;
  }

  private static ConnectorException user(String message) {
    return new ConnectorException(ConnectorException.Kind.USER, message);
  }
}
