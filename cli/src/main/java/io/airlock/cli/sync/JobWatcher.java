package io.airlock.cli.sync;

import static java.util.Objects.requireNonNull;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import io.airlock.cli.api.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Follows a job by polling {@code GET /jobs/{id}} until it ends, showing a live progress bar of the
 * records written so far.
 */
public final class JobWatcher {
  private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

  private final ApiClient client;
  private final Duration interval;
  private final boolean showProgress;

  /**
   * @param interval time between two polls
   * @param showProgress whether to draw the progress bar (on standard error)
   */
  public JobWatcher(ApiClient client, Duration interval, boolean showProgress) {
    this.client = requireNonNull(client, "client is null");
    this.interval = requireNonNull(interval, "interval is null");
    this.showProgress = showProgress;
  }

  /**
   * Polls until the job ends and returns its last state.
   *
   * @param expectedRecords total records, if known; otherwise the bar is indeterminate
   * @param timeout how long to wait before giving up (the job keeps running)
   */
  public JobReport await(String jobId, OptionalLong expectedRecords, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    try (ProgressBar bar = showProgress ? progressBar(expectedRecords) : null) {
      while (true) {
        JobReport report = new JobReport(client.get("/jobs/" + jobId));
        update(bar, report);
        if (FINAL.contains(report.status())) {
          finish(bar, report);
          return report;
        }
        if (Instant.now().isAfter(deadline)) {
          throw new CliException(
              "Job "
                  + jobId
                  + " is still "
                  + report.status()
                  + " after "
                  + timeout
                  + "; it keeps running. Follow it with 'airlock jobs get "
                  + jobId
                  + "'",
              ExitCodes.INTERRUPTED);
        }
        sleep();
      }
    }
  }

  private static ProgressBar progressBar(OptionalLong expectedRecords) {
    return new ProgressBarBuilder()
        .setTaskName("Syncing")
        .setInitialMax(expectedRecords.orElse(-1))
        .setStyle(
            System.console() == null ? ProgressBarStyle.ASCII : ProgressBarStyle.UNICODE_BLOCK)
        .setUnit(" rec", 1)
        .setUpdateIntervalMillis(250)
        .showSpeed()
        .build();
  }

  private static void update(ProgressBar bar, JobReport report) {
    if (bar == null) {
      return;
    }
    bar.stepTo(report.totalRecords());
    bar.setExtraMessage(" " + report.status());
  }

  private static void finish(ProgressBar bar, JobReport report) {
    if (bar == null) {
      return;
    }
    if (report.succeeded()) {
      bar.maxHint(report.totalRecords());
    }
    bar.stepTo(report.totalRecords());
    bar.setExtraMessage(" " + report.status());
  }

  private void sleep() {
    try {
      Thread.sleep(interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted while waiting for the job", ExitCodes.INTERRUPTED);
    }
  }
}
