package io.airlock.controlplane.connections;

import static io.airlock.controlplane.database.Columns.instant;
import static io.airlock.controlplane.database.Columns.parameter;
import static io.airlock.controlplane.database.Columns.uuid;

import io.airlock.protocol.schema.SchemaChangePolicy;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Connections; streams and mappers as jsonb, sync state as opaque bytes. */
@Repository
public class ConnectionRepository {
  private static final TypeReference<List<Connection.Stream>> STREAMS = new TypeReference<>() {};
  private static final TypeReference<List<Connection.Mapper>> MAPPERS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final RowMapper<Connection> rows;

  public ConnectionRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
    this.rows =
        (row, n) ->
            new Connection(
                uuid(row, "id"),
                uuid(row, "workspace_id"),
                row.getString("name"),
                uuid(row, "source_id"),
                uuid(row, "destination_id"),
                json.readValue(row.getString("streams"), STREAMS),
                json.readValue(row.getString("mappers"), MAPPERS),
                row.getString("schedule"),
                Connection.Status.valueOf(row.getString("status")),
                SchemaChangePolicy.valueOf(row.getString("schema_changes")),
                instant(row, "created_at"));
  }

  Connection create(Connection.Create body, Instant nextRunAt) {
    return jdbc.sql(
            "insert into connections (id, workspace_id, name, source_id, destination_id,"
                + " streams, mappers, schedule, next_run_at, status, schema_changes)"
                + " values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?) returning *")
        .params(
            UUID.randomUUID(),
            body.workspaceId(),
            body.name(),
            body.sourceId(),
            body.destinationId(),
            json.writeValueAsString(body.streams()),
            json.writeValueAsString(body.mappers()),
            body.schedule(),
            parameter(nextRunAt),
            body.status().name(),
            body.schemaChanges().name())
        .query(rows)
        .single();
  }

  /**
   * Stores a patched connection. With {@code reschedule}, the next scheduled run becomes {@code
   * nextRunAt} (null when there is no schedule); otherwise it is kept.
   */
  Connection update(UUID id, Connection.Create body, boolean reschedule, Instant nextRunAt) {
    return jdbc.sql(
            "update connections set streams = ?::jsonb, schedule = ?, status = ?,"
                + " schema_changes = ?,"
                + " next_run_at = case when ?::boolean then ?::timestamptz else next_run_at end"
                + " where id = ? returning *")
        .params(
            json.writeValueAsString(body.streams()),
            body.schedule(),
            body.status().name(),
            body.schemaChanges().name(),
            reschedule,
            parameter(nextRunAt),
            id)
        .query(rows)
        .single();
  }

  boolean nameTaken(UUID workspaceId, String name) {
    return jdbc.sql("select count(*) from connections where workspace_id = ? and name = ?")
            .params(workspaceId, name)
            .query(Long.class)
            .single()
        > 0;
  }

  List<Connection> list(UUID workspaceId) {
    if (workspaceId == null) {
      return jdbc.sql("select * from connections order by created_at, name").query(rows).list();
    }
    return jdbc.sql("select * from connections where workspace_id = ? order by created_at, name")
        .param(workspaceId)
        .query(rows)
        .list();
  }

  /** A connection by id. */
  public Optional<Connection> get(UUID id) {
    return jdbc.sql("select * from connections where id = ?").param(id).query(rows).optional();
  }

  /** The opaque state of the last committed checkpoint, base64, or null. */
  public String state(UUID id) {
    byte[] state =
        jdbc.sql("select state from connections where id = ?")
            .param(id)
            .query((row, n) -> row.getBytes("state"))
            .optional()
            .orElse(null);
    return state == null ? null : Base64.getEncoder().encodeToString(state);
  }

  /** Pauses the connection: schedules stop creating jobs for it. */
  public void pause(UUID id) {
    jdbc.sql("update connections set status = 'PAUSED' where id = ?").param(id).update();
  }

  /** Stores opaque state reported by a data plane. */
  public void saveState(UUID id, byte[] state) {
    jdbc.sql("update connections set state = ? where id = ?").params(state, id).update();
  }

  boolean hasActiveJobs(UUID id) {
    return jdbc.sql(
                "select count(*) from jobs where connection_id = ?"
                    + " and status in ('QUEUED', 'RUNNING')")
            .param(id)
            .query(Long.class)
            .single()
        > 0;
  }

  void delete(UUID id) {
    jdbc.sql("delete from connections where id = ?").param(id).update();
  }
}
