package io.airlock.cli.resources;

import io.airlock.cli.api.ApiCommand;
import io.airlock.cli.output.Table;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code airlock dataplanes}: register data planes and hand out their enrollment tokens. */
@Command(
    name = "dataplanes",
    mixinStandardHelpOptions = true,
    description = "Register data planes, issue enrollment tokens, revoke data planes.")
public final class DataPlanesCommand extends ApiCommand {
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Register a data plane in a region and print its one-time enrollment token (shown"
              + " once).")
  void create(
      @Option(names = "--region", required = true, description = "Region id or name.")
          String region,
      @Option(names = "--name", required = true, description = "Data plane name.") String name) {
    String regionId = resolveId("/regions", "region", region);
    JsonNode created = client().post("/dataplanes", Map.of("regionId", regionId, "name", name));
    JsonNode dataPlane = created.path("dataPlane");
    out().printf("Created data plane %s (id %s)%n", text(dataPlane, "name"), text(dataPlane, "id"));
    printToken(created);
  }

  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description =
          "Issue a new one-time enrollment token for a data plane (re-enrollment). A revoked data"
              + " plane gets none: revocation is final; create a new data plane instead.")
  void token(
      @Parameters(paramLabel = "DATAPLANE", description = "Data plane id or name.") String id) {
    String dataPlaneId = resolveId("/dataplanes", "data plane", id);
    printToken(client().post("/dataplanes/" + dataPlaneId + "/tokens", null));
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List data planes.")
  void list(@Option(names = "--json", description = "Print JSON.") boolean json) {
    JsonNode dataPlanes = client().get("/dataplanes");
    if (json) {
      printJson(dataPlanes);
      return;
    }
    Map<String, String> regions = namesById("/regions");
    Table table = new Table("ID", "NAME", "REGION", "STATUS", "LAST SEEN", "CERTIFICATE UNTIL");
    for (JsonNode dataPlane : dataPlanes) {
      table.row(
          text(dataPlane, "id"),
          text(dataPlane, "name"),
          nameOf(regions, text(dataPlane, "regionId")),
          text(dataPlane, "status"),
          text(dataPlane, "lastSeenAt"),
          text(dataPlane, "certificateNotAfter"));
    }
    table.print(out());
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description =
          "Revoke a data plane; it is cut off at its next request. Revocation is final: to run a"
              + " data plane again, create a new one.")
  void revoke(
      @Parameters(paramLabel = "DATAPLANE", description = "Data plane id or name.") String id) {
    String dataPlaneId = resolveId("/dataplanes", "data plane", id);
    JsonNode dataPlane = client().post("/dataplanes/" + dataPlaneId + "/revoke", null);
    out()
        .printf(
            "Revoked data plane %s (status %s). Revocation is final: to run a data plane again,"
                + " create a new one with 'airlock dataplanes create'.%n",
            dataPlaneId, dataPlane.path("status").asString("REVOKED"));
  }

  private void printToken(JsonNode created) {
    out().println();
    out()
        .println("Enrollment token (shown once, expires " + text(created, "tokenExpiresAt") + "):");
    out().println("  " + text(created, "enrollmentToken"));
    out().println();
    out().println("Start the data plane with:");
    out()
        .println(
            "  airlock dataplane --control-plane "
                + client().server()
                + " --token <the token above> --work-dir <folder>");
    out().flush();
  }
}
