package io.airlock.controlplane.jobs;

import static io.airlock.controlplane.database.Columns.uuid;

import io.airlock.protocol.lease.ErrorReport;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends leases whose holder stopped heartbeating. The job goes back to the queue with a new
 * generation, so the old holder can no longer report, or ends FAILED after {@value #MAX_ATTEMPTS}
 * attempts. Safe on several replicas: expired jobs are locked with SKIP LOCKED.
 */
@Service
public class LeaseReaper {
  /** Attempts before a job whose leases keep expiring is FAILED. */
  static final int MAX_ATTEMPTS = 3;

  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);
  private static final ErrorReport LEASE_EXPIRED =
      new ErrorReport("INTERNAL", "lease expired", true);
  private static final int BATCH = 100;

  private final JdbcClient jdbc;
  private final JobRepository jobs;

  public LeaseReaper(JdbcClient jdbc, JobRepository jobs) {
    this.jdbc = jdbc;
    this.jobs = jobs;
  }

  /** Ends up to 100 expired leases and returns how many it ended. */
  @Transactional
  public int reapExpired() {
    List<Expired> expired =
        jdbc.sql(
                "select id, attempt_count, cancel_requested from jobs"
                    + " where status = 'RUNNING' and lease_expires_at <= now()"
                    + " order by lease_expires_at limit "
                    + BATCH
                    + " for update skip locked")
            .query(
                (row, n) ->
                    new Expired(
                        uuid(row, "id"),
                        row.getInt("attempt_count"),
                        row.getBoolean("cancel_requested")))
            .list();
    expired.forEach(this::expire);
    return expired.size();
  }

  private void expire(Expired job) {
    jobs.endAttempt(job.id(), job.attempt(), "FAILED", LEASE_EXPIRED);
    String next = nextStatus(job);
    if (next.equals("QUEUED")) {
      jdbc.sql(
              "update jobs set status = 'QUEUED', generation = generation + 1,"
                  + " data_plane_id = null, lease_expires_at = null where id = ?")
          .param(job.id())
          .update();
      log.info("Lease of job {} expired on attempt {}; job queued again", job.id(), job.attempt());
      return;
    }
    jdbc.sql(
            "update jobs set status = ?, generation = generation + 1, ended_at = now(),"
                + " lease_expires_at = null where id = ?")
        .params(next, job.id())
        .update();
    log.info(
        "Lease of job {} expired on attempt {}; job finished {}", job.id(), job.attempt(), next);
  }

  private static String nextStatus(Expired job) {
    if (job.cancelRequested()) {
      return "CANCELLED";
    }
    return job.attempt() >= MAX_ATTEMPTS ? "FAILED" : "QUEUED";
  }

  private record Expired(UUID id, int attempt, boolean cancelRequested) {}
}
