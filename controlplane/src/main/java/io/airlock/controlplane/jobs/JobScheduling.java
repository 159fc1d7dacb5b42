package io.airlock.controlplane.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the recurring control-plane tasks on db-scheduler over the control plane's own database, so
 * each runs on one replica at a time: the schedule tick (every 15 s) and the lease reaper (every 2
 * s). Started after Flyway has created {@code scheduled_tasks}.
 */
@Component
class JobScheduling implements SmartLifecycle {
  static final Duration TICK_INTERVAL = Duration.ofSeconds(15);
  static final Duration REAPER_INTERVAL = Duration.ofSeconds(2);

  private final DataSource dataSource;
  private final ScheduleService schedules;
  private final LeaseReaper reaper;
  private Scheduler scheduler;

  JobScheduling(DataSource dataSource, ScheduleService schedules, LeaseReaper reaper) {
    this.dataSource = dataSource;
    this.schedules = schedules;
    this.reaper = reaper;
  }

  @Override
  public synchronized void start() {
    RecurringTask<Void> tick =
        Tasks.recurring("airlock-schedule-tick", FixedDelay.of(TICK_INTERVAL))
            .execute((instance, context) -> schedules.tick());
    RecurringTask<Void> reaping =
        Tasks.recurring("airlock-lease-reaper", FixedDelay.of(REAPER_INTERVAL))
            .execute((instance, context) -> reaper.reapExpired());
    scheduler =
        Scheduler.create(dataSource)
            .startTasks(tick, reaping)
            .tableName("scheduled_tasks")
            .pollingInterval(Duration.ofSeconds(1))
            .threads(2)
            .shutdownMaxWait(Duration.ofSeconds(5))
            .build();
    scheduler.start();
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.stop();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}
