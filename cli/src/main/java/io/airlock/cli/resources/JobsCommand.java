package io.airlock.cli.resources;

import io.airlock.cli.api.ApiCommand;
import io.airlock.cli.output.Table;
import io.airlock.cli.sync.JobReport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code airlock jobs}: runs of a connection, with attempts and per-stream counts. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "Show jobs: state, attempts and per-stream counts.")
public final class JobsCommand extends ApiCommand {
  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one job.")
  void get(
      @Parameters(paramLabel = "JOB", description = "Job id.") String jobId,
      @Option(names = "--json", description = "Print JSON.") boolean json) {
    JsonNode job = client().get("/jobs/" + jobId);
    if (json) {
      printJson(job);
      return;
    }
    new JobReport(job).print(out());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs.")
  void list(
      @Option(names = "--connection", description = "Only this connection (id or name).")
          String connection,
      @Option(names = "--json", description = "Print JSON.") boolean json) {
    String query = "";
    if (connection != null) {
      String connectionId = resolveId("/connections", "connection", connection);
      query = "?connectionId=" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8);
    }
    JsonNode jobs = client().get("/jobs" + query);
    if (json) {
      printJson(jobs);
      return;
    }
    Map<String, String> connections = namesById("/connections");
    Table table = new Table("ID", "CONNECTION", "STATUS", "TRIGGER", "CREATED", "ENDED");
    for (JsonNode job : jobs) {
      table.row(
          text(job, "id"),
          nameOf(connections, text(job, "connectionId")),
          text(job, "status"),
          text(job, "trigger"),
          text(job, "createdAt"),
          text(job, "endedAt"));
    }
    table.print(out());
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job.")
  void cancel(@Parameters(paramLabel = "JOB", description = "Job id.") String jobId) {
    JsonNode job = client().post("/jobs/" + jobId + "/cancel", null);
    out().printf("Job %s is %s%n", jobId, job.path("status").asString("CANCELLED"));
  }
}
