package io.airlock.controlplane.connections;

import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.FieldError;
import io.airlock.protocol.job.SyncMode;
import io.airlock.protocol.secrets.SecretReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks streams, mappers and the schedule of a connection; errors name fields, not values. */
final class ConnectionValidation {
  static final String HASH = "hash";

  private ConnectionValidation() {}

  static void check(Connection.Create body) {
    List<FieldError> errors = new ArrayList<>();
    streams(body.streams(), errors);
    mappers(body.mappers(), errors);
    schedule(body.schedule(), errors);
    if (!errors.isEmpty()) {
      String fields = String.join(", ", errors.stream().map(FieldError::field).toList());
      throw ControlPlaneException.invalid("Invalid connection: " + fields, errors);
    }
  }

  private static void streams(List<Connection.Stream> streams, List<FieldError> errors) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < streams.size(); i++) {
      Connection.Stream stream = streams.get(i);
      String field = "streams[" + i + "]";
      if (stream == null || stream.name() == null || stream.name().isBlank()) {
        errors.add(new FieldError(field + ".name", "Is required"));
        continue;
      }
      if (!seen.add(stream.name())) {
        errors.add(new FieldError(field + ".name", "Names a stream selected twice"));
      }
      boolean incremental =
          stream.syncMode() == SyncMode.INCREMENTAL_APPEND
              || stream.syncMode() == SyncMode.INCREMENTAL_APPEND_DEDUP;
      boolean hasCursor = stream.cursorField() != null && !stream.cursorField().isBlank();
      if (incremental && !hasCursor) {
        errors.add(
            new FieldError(
                field + ".cursorField",
                "Is required by " + stream.syncMode() + "; name the column the sync follows"));
      } else if (!incremental && stream.cursorField() != null) {
        errors.add(
            new FieldError(
                field + ".cursorField",
                "Applies to incremental modes only; remove it or use INCREMENTAL_APPEND"));
      } else if (hasCursor
          && !stream.columns().isEmpty()
          && !stream.columns().contains(stream.cursorField())) {
        errors.add(
            new FieldError(field + ".cursorField", "Must be one of the stream's selected columns"));
      }
    }
  }

  private static void mappers(List<Connection.Mapper> mappers, List<FieldError> errors) {
    for (int i = 0; i < mappers.size(); i++) {
      Connection.Mapper mapper = mappers.get(i);
      String field = "mappers[" + i + "]";
      if (mapper == null || !HASH.equals(mapper.type())) {
        errors.add(new FieldError(field + ".type", "Must be 'hash', the only mapper for now"));
        continue;
      }
      if (mapper.columns() == null
          || mapper.columns().isEmpty()
          || mapper.columns().stream().anyMatch(c -> c == null || c.isBlank())) {
        errors.add(new FieldError(field + ".columns", "Name at least one column, none blank"));
      }
      SecretReference.problem(mapper.keyRef())
          .ifPresent(problem -> errors.add(new FieldError(field + ".keyRef", problem)));
    }
  }

  private static void schedule(String schedule, List<FieldError> errors) {
    if (schedule == null) {
      return;
    }
    try {
      CronSchedule.parse(schedule);
    } catch (IllegalArgumentException e) {
      errors.add(
          new FieldError(
              "schedule",
              "Invalid 5-field cron expression: " + e.getMessage() + "; e.g. 0 3 * * *"));
    }
  }
}
