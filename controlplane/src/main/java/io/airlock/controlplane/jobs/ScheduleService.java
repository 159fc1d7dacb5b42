package io.airlock.controlplane.jobs;

import static io.airlock.controlplane.database.Columns.instant;
import static io.airlock.controlplane.database.Columns.parameter;
import static io.airlock.controlplane.database.Columns.uuid;

import io.airlock.controlplane.connections.CronSchedule;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns due cron schedules into jobs. Safe on several replicas: due connections are locked with
 * SKIP LOCKED and their next run is moved forward in the same transaction.
 */
@Service
public class ScheduleService {
  private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);

  private final JdbcClient jdbc;
  private final JobRepository jobs;

  public ScheduleService(JdbcClient jdbc, JobRepository jobs) {
    this.jdbc = jdbc;
    this.jobs = jobs;
  }

  /**
   * Queues one job per due, active connection that has none queued or running, and schedules its
   * next run. Returns how many jobs were queued.
   */
  @Transactional
  public int tick() {
    Instant now = Instant.now();
    List<Due> due =
        jdbc.sql(
                "select id, workspace_id, schedule, next_run_at from connections"
                    + " where schedule is not null and status = 'ACTIVE' and next_run_at <= ?"
                    + " order by next_run_at limit 100 for update skip locked")
            .param(parameter(now))
            .query(
                (row, n) ->
                    new Due(
                        uuid(row, "id"),
                        uuid(row, "workspace_id"),
                        row.getString("schedule"),
                        instant(row, "next_run_at")))
            .list();
    int queued = 0;
    for (Due connection : due) {
      queued += enqueue(connection, now);
    }
    return queued;
  }

  private int enqueue(Due connection, Instant now) {
    Instant next = CronSchedule.parse(connection.schedule()).next(now);
    jdbc.sql("update connections set next_run_at = ? where id = ?")
        .params(parameter(next), connection.id())
        .update();
    if (jobs.hasActiveJob(connection.id())) {
      log.info("Schedule of connection {} skipped: a job is still active", connection.id());
      return 0;
    }
    UUID id = jobs.enqueue(connection.id(), connection.workspaceId(), Job.Trigger.SCHEDULE);
    log.info("Job {} queued for connection {} (schedule)", id, connection.id());
    return 1;
  }

  private record Due(UUID id, UUID workspaceId, String schedule, Instant nextRunAt) {}
}
