package io.airlock.cli.sync;

import io.airlock.cli.ExitCodes;
import io.airlock.cli.api.ApiCommand;
import java.time.Duration;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code airlock sync run}: trigger a sync of a connection, and optionally follow it. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Run syncs.",
    subcommands = SyncCommand.Run.class)
public final class SyncCommand {
  /** {@code airlock sync run <connection> [--wait]}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Trigger a sync job for a connection. With --wait, follow it with a progress bar and"
              + " end with a per-stream summary; exit code 0 when it succeeded, 1 when it failed.")
  public static final class Run extends ApiCommand
      implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "CONNECTION", description = "Connection id or name.")
    String connection;

    @Option(names = "--wait", description = "Wait for the job to end.")
    boolean wait;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        defaultValue = "PT1H",
        description = "How long --wait waits, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
      String connectionId = resolveId("/connections", "connection", connection);
      JsonNode job = client().post("/connections/" + connectionId + "/jobs", null);
      String jobId = text(job, "id");
      out().printf("Started job %s for connection %s%n", jobId, connection);
      out().flush();
      if (!wait) {
        out().printf("Follow it with: airlock jobs get %s%n", jobId);
        return ExitCodes.OK;
      }
      JobReport report =
          new JobWatcher(client(), Duration.ofMillis(500), !noProgress)
              .await(jobId, OptionalLong.empty(), timeout);
      report.print(out());
      return report.succeeded() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
  }
}
