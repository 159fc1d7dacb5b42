package io.airlock.cli.resources;

import io.airlock.cli.ExitCodes;
import io.airlock.cli.api.ApiCommand;
import io.airlock.cli.sync.JobReport;
import io.airlock.cli.sync.JobWatcher;
import java.time.Duration;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code airlock sources}: where data is read from. */
@Command(
    name = "sources",
    mixinStandardHelpOptions = true,
    description = "Create and list sources. Secret fields hold references, never values.")
public final class SourcesCommand extends ApiCommand {
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create a source. 'airlock connectors list' shows the types, 'airlock connectors spec"
              + " TYPE' the settings each takes (for example path= for source-csv).")
  void create(
      @Option(names = "--workspace", required = true, description = "Workspace id or name.")
          String workspace,
      @Option(names = "--type", required = true, description = "Connector type.") String type,
      @Option(names = "--name", required = true, description = "Source name.") String name,
      @Mixin ConnectorConfigOptions config,
      @Option(names = "--json", description = "Print the created source as JSON.") boolean json) {
    String workspaceId = resolveId("/workspaces", "workspace", workspace);
    JsonNode created =
        Endpoints.create(client(), "/sources", workspaceId, type, name, config.build(type));
    printCreated("source", created, json);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List sources.")
  void list(
      @Option(names = "--workspace", description = "Only this workspace (id or name).")
          String workspace,
      @Option(names = "--json", description = "Print JSON.") boolean json) {
    String query = workspaceQuery(workspace);
    JsonNode found = client().get("/sources" + query);
    if (json) {
      printJson(found);
      return;
    }
    Endpoints.printTable(found, namesById("/workspaces"), out());
  }

  @Command(
      name = "discover",
      mixinStandardHelpOptions = true,
      description =
          "Discover a source's streams on a data plane of its region and store the catalog:"
              + " stream and column names, types, nullability, keys, never values. With --wait,"
              + " print the streams and columns; exit code 0 when it succeeded, 1 when it failed.")
  int discover(
      @Parameters(paramLabel = "SOURCE", description = "Source id or name.") String source,
      @Option(names = "--wait", description = "Wait for the discovery to end.") boolean wait,
      @Option(
              names = "--timeout",
              paramLabel = "DURATION",
              defaultValue = "PT10M",
              description = "How long --wait waits, ISO-8601 (default: ${DEFAULT-VALUE}).")
          Duration timeout,
      @Option(names = "--json", description = "Print the catalog as JSON.") boolean json) {
    String sourceId = resolveId("/sources", "source", source);
    String jobId = text(client().post("/sources/" + sourceId + "/discover", null), "id");
    out().printf("Started discovery job %s for source %s%n", jobId, source);
    out().flush();
    if (!wait) {
      out()
          .printf(
              "Follow it with: airlock jobs get %s; then: airlock sources catalog %s%n",
              jobId, source);
      return ExitCodes.OK;
    }
    JobReport report =
        new JobWatcher(client(), Duration.ofMillis(500), false)
            .await(jobId, OptionalLong.empty(), timeout);
    if (!report.succeeded()) {
      report.print(out());
      return ExitCodes.FAILURE;
    }
    printCatalog(sourceId, json);
    return ExitCodes.OK;
  }

  @Command(
      name = "catalog",
      mixinStandardHelpOptions = true,
      description = "Print the last stored catalog of a source (see 'airlock sources discover').")
  void catalog(
      @Parameters(paramLabel = "SOURCE", description = "Source id or name.") String source,
      @Option(names = "--json", description = "Print JSON.") boolean json) {
    printCatalog(resolveId("/sources", "source", source), json);
  }

  private void printCatalog(String sourceId, boolean json) {
    JsonNode catalog = client().get("/sources/" + sourceId + "/catalog");
    if (json) {
      printJson(catalog);
      return;
    }
    CatalogPrinter.print(catalog, out());
  }
}
