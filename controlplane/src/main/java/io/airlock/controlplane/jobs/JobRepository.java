package io.airlock.controlplane.jobs;

import static io.airlock.controlplane.database.Columns.instant;
import static io.airlock.controlplane.database.Columns.uuid;

import io.airlock.protocol.lease.ErrorReport;
import io.airlock.protocol.lease.StreamProgress;
import io.airlock.protocol.schema.SchemaChange;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Jobs, attempts and per-stream progress. */
@Repository
public class JobRepository {
  private static final int LIST_LIMIT = 200;
  private static final int MAX_ERROR_MESSAGE = 4000;

  private static final TypeReference<List<SchemaChange>> CHANGES = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public JobRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Queues a sync job of the connection and returns its id. */
  UUID enqueue(UUID connectionId, UUID workspaceId, Job.Trigger trigger) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            "insert into jobs (id, connection_id, workspace_id, kind, trigger, status)"
                + " values (?, ?, ?, 'SYNC', ?, 'QUEUED')")
        .params(id, connectionId, workspaceId, trigger.name())
        .update();
    return id;
  }

  /** Queues a discovery of the source and returns its id. */
  UUID enqueueDiscovery(UUID sourceId, UUID workspaceId) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            "insert into jobs (id, source_id, workspace_id, kind, trigger, status)"
                + " values (?, ?, ?, 'DISCOVER', 'MANUAL', 'QUEUED')")
        .params(id, sourceId, workspaceId)
        .update();
    return id;
  }

  /** Whether the source has a queued or running discovery. */
  boolean hasActiveDiscovery(UUID sourceId) {
    return jdbc.sql(
                "select count(*) from jobs where source_id = ? and kind = 'DISCOVER'"
                    + " and status in ('QUEUED', 'RUNNING')")
            .param(sourceId)
            .query(Long.class)
            .single()
        > 0;
  }

  /** Stores the schema changes a sync found; names and types only. */
  void saveSchemaChanges(UUID jobId, List<SchemaChange> changes) {
    jdbc.sql("update jobs set schema_changes = ?::jsonb where id = ?")
        .params(json.writeValueAsString(changes), jobId)
        .update();
  }

  /** Whether the connection has a queued or running job. */
  boolean hasActiveJob(UUID connectionId) {
    return jdbc.sql(
                "select count(*) from jobs where connection_id = ?"
                    + " and status in ('QUEUED', 'RUNNING')")
            .param(connectionId)
            .query(Long.class)
            .single()
        > 0;
  }

  Optional<Job> get(UUID id) {
    return jdbc.sql("select * from jobs where id = ?").param(id).query(this::job).optional();
  }

  List<Job> list(UUID connectionId) {
    if (connectionId == null) {
      return jdbc.sql("select * from jobs order by created_at desc limit " + LIST_LIMIT)
          .query(this::job)
          .list();
    }
    return jdbc.sql(
            "select * from jobs where connection_id = ? order by created_at desc limit "
                + LIST_LIMIT)
        .param(connectionId)
        .query(this::job)
        .list();
  }

  /** Stores the latest counts of each reported stream. */
  void saveProgress(UUID jobId, List<StreamProgress> streams) {
    for (StreamProgress stream : streams) {
      if (stream == null || stream.stream() == null) {
        continue;
      }
      jdbc.sql(
              "insert into job_streams (job_id, stream, records, bytes, elapsed_millis)"
                  + " values (?, ?, ?, ?, ?) on conflict (job_id, stream) do update set"
                  + " records = excluded.records, bytes = excluded.bytes,"
                  + " elapsed_millis = excluded.elapsed_millis, updated_at = now()")
          .params(jobId, stream.stream(), stream.records(), stream.bytes(), stream.elapsedMillis())
          .update();
    }
  }

  /** Ends attempt {@code number} with a status and an optional scrubbed error. */
  void endAttempt(UUID jobId, int number, String status, ErrorReport error) {
    jdbc.sql(
            "update job_attempts set status = ?, ended_at = now(), error_kind = ?,"
                + " error_message = ?, error_retriable = ? where job_id = ? and number = ?")
        .params(
            status,
            error == null ? null : error.kind(),
            error == null ? null : truncate(error.message()),
            error == null ? null : error.retriable(),
            jobId,
            number)
        .update();
  }

  private Job job(ResultSet row, int n) throws SQLException {
    UUID id = uuid(row, "id");
    return new Job(
        id,
        uuid(row, "connection_id"),
        uuid(row, "source_id"),
        uuid(row, "workspace_id"),
        row.getString("kind"),
        Job.Trigger.valueOf(row.getString("trigger")),
        Job.Status.valueOf(row.getString("status")),
        instant(row, "created_at"),
        instant(row, "started_at"),
        instant(row, "ended_at"),
        attempts(id),
        streams(id),
        schemaChanges(row.getString("schema_changes")));
  }

  private List<SchemaChange> schemaChanges(String stored) {
    return stored == null ? List.of() : json.readValue(stored, CHANGES);
  }

  private List<Job.Attempt> attempts(UUID jobId) {
    return jdbc.sql("select * from job_attempts where job_id = ? order by number")
        .param(jobId)
        .query(
            (row, n) ->
                new Job.Attempt(
                    row.getInt("number"),
                    uuid(row, "data_plane_id"),
                    row.getString("status"),
                    instant(row, "started_at"),
                    instant(row, "ended_at"),
                    error(row)))
        .list();
  }

  private static ErrorReport error(ResultSet row) throws SQLException {
    String kind = row.getString("error_kind");
    String message = row.getString("error_message");
    if (kind == null && message == null) {
      return null;
    }
    return new ErrorReport(kind, message, row.getBoolean("error_retriable"));
  }

  private List<StreamProgress> streams(UUID jobId) {
    return jdbc.sql("select * from job_streams where job_id = ? order by stream")
        .param(jobId)
        .query(
            (row, n) ->
                new StreamProgress(
                    row.getString("stream"),
                    row.getLong("records"),
                    row.getLong("bytes"),
                    row.getLong("elapsed_millis")))
        .list();
  }

  private static String truncate(String message) {
    if (message == null || message.length() <= MAX_ERROR_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_ERROR_MESSAGE);
  }
}
