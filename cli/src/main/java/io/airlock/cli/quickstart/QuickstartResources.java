package io.airlock.cli.quickstart;

import static java.util.Objects.requireNonNull;

import io.airlock.cli.CliException;
import io.airlock.cli.api.ApiClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Creates, through the REST API, what the quickstart needs: a region, a workspace, a data plane, a
 * source, a destination and a connection. Running it again finds and reuses them by name, and
 * replaces a source, destination or connection whose settings changed.
 */
final class QuickstartResources {
  static final String REGION = "local-1";
  static final String WORKSPACE = "quickstart";
  static final String DATA_PLANE = "quickstart";
  static final String SOURCE = "demo-source";
  static final String DESTINATION = "demo-warehouse";
  static final String CONNECTION = "demo-patients";
  static final String STREAM = "public.patients";
  static final List<String> HASHED_COLUMNS = List.of("ssn", "email", "phone");
  static final String PASSWORD_VARIABLE = "AIRLOCK_QUICKSTART_PG_PASSWORD";
  static final String HASH_KEY_VARIABLE = "AIRLOCK_QUICKSTART_HASH_KEY";

  private static final Logger LOG = LoggerFactory.getLogger(QuickstartResources.class);
  private static final Set<String> ACTIVE_JOB_STATES = Set.of("QUEUED", "RUNNING");

  private final ApiClient api;

  QuickstartResources(ApiClient api) {
    this.api = requireNonNull(api, "api is null");
  }

  /** A data plane and the one-time token it enrolls with. */
  record Enrollment(
      String dataPlaneId,
      String name,
      String token,
      String previousCertificateNotAfter,
      Instant issuedAt) {}

  String region() {
    return findByName("/regions", REGION, item -> true)
        .orElseGet(() -> api.post("/regions", Map.of("name", REGION)))
        .path("id")
        .asString();
  }

  String workspace(String regionId) {
    return findByName("/workspaces", WORKSPACE, item -> regionId.equals(text(item, "regionId")))
        .orElseGet(() -> api.post("/workspaces", Map.of("regionId", regionId, "name", WORKSPACE)))
        .path("id")
        .asString();
  }

  /**
   * Re-enrolls the quickstart's data plane with a fresh token, registering it if needed. A revoked
   * data plane cannot enroll again and keeps its name, so after a revocation the quickstart
   * registers a new one named {@code quickstart-2} (then {@code -3}, ...).
   */
  Enrollment dataPlane(String regionId) {
    List<JsonNode> ours = new ArrayList<>();
    for (JsonNode item : api.get("/dataplanes")) {
      if (regionId.equals(text(item, "regionId")) && isQuickstartName(text(item, "name"))) {
        ours.add(item);
      }
    }
    Optional<JsonNode> usable =
        ours.stream().filter(item -> !"REVOKED".equals(text(item, "status"))).findFirst();
    if (usable.isPresent()) {
      String id = usable.get().path("id").asString();
      JsonNode issued = api.post("/dataplanes/" + id + "/tokens", null);
      LOG.info("Issued a new enrollment token for data plane {}", id);
      return new Enrollment(
          id,
          text(usable.get(), "name"),
          tokenOf(issued),
          text(usable.get(), "certificateNotAfter"),
          Instant.now());
    }
    return register(regionId, freeName(ours));
  }

  private Enrollment register(String regionId, String name) {
    if (!name.equals(DATA_PLANE)) {
      LOG.warn("Data plane '{}' was revoked; registering a new one named '{}'", DATA_PLANE, name);
    }
    JsonNode created = api.post("/dataplanes", Map.of("regionId", regionId, "name", name));
    return new Enrollment(
        created.path("dataPlane").path("id").asString(),
        name,
        tokenOf(created),
        null,
        Instant.now());
  }

  private static boolean isQuickstartName(String name) {
    return name != null && (name.equals(DATA_PLANE) || name.matches(DATA_PLANE + "-[0-9]+"));
  }

  /** {@code quickstart}, or the first {@code quickstart-N} that none of {@code taken} has. */
  private static String freeName(List<JsonNode> taken) {
    Set<String> names = new HashSet<>();
    taken.forEach(item -> names.add(text(item, "name")));
    String name = DATA_PLANE;
    for (int n = 2; names.contains(name); n++) {
      name = DATA_PLANE + "-" + n;
    }
    return name;
  }

  String source(String workspaceId, Map<String, Object> config) {
    return endpoint("/sources", workspaceId, SOURCE, "source-postgres", config);
  }

  String destination(String workspaceId, Map<String, Object> config) {
    return endpoint("/destinations", workspaceId, DESTINATION, "destination-postgres", config);
  }

  String connection(String workspaceId, String sourceId, String destinationId) {
    Map<String, Object> mapper = new LinkedHashMap<>();
    mapper.put("type", "hash");
    // Every selected stream that has the columns; the quickstart selects only the patients.
    mapper.put("stream", null);
    mapper.put("columns", HASHED_COLUMNS);
    mapper.put("keyRef", "env://" + HASH_KEY_VARIABLE);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId);
    body.put("name", CONNECTION);
    body.put("sourceId", sourceId);
    body.put("destinationId", destinationId);
    body.put("streams", List.of(Map.of("name", STREAM, "syncMode", "FULL_REFRESH_OVERWRITE")));
    body.put("mappers", List.of(mapper));
    body.put("schedule", null);
    Optional<JsonNode> existing =
        findByName("/connections?workspaceId=" + workspaceId, CONNECTION, item -> true);
    if (existing.isPresent() && sameConnection(existing.get(), api.json().valueToTree(body))) {
      return existing.get().path("id").asString();
    }
    existing.ifPresent(item -> api.delete("/connections/" + item.path("id").asString()));
    return api.post("/connections", body).path("id").asString();
  }

  /** A sync job to follow; {@code earlier} when an earlier run had started it. */
  record SyncJob(String id, boolean earlier) {}

  /**
   * Starts a sync of the connection. When the connection still has a queued or running job, which a
   * run that was killed leaves behind, returns that job instead: the control plane runs one job per
   * connection at a time, and retries a job whose lease expired.
   */
  SyncJob startSync(String connectionId) {
    for (JsonNode job : api.get("/jobs?connectionId=" + connectionId)) {
      if (ACTIVE_JOB_STATES.contains(text(job, "status"))) {
        LOG.info("Connection {} still has job {}; following it", connectionId, text(job, "id"));
        return new SyncJob(text(job, "id"), true);
      }
    }
    String id = api.post("/connections/" + connectionId + "/jobs", null).path("id").asString();
    return new SyncJob(id, false);
  }

  JsonNode dataPlaneState(String dataPlaneId) {
    return api.get("/dataplanes/" + dataPlaneId);
  }

  private String endpoint(
      String collection, String workspaceId, String name, String type, Map<String, Object> config) {
    Optional<JsonNode> existing =
        findByName(collection + "?workspaceId=" + workspaceId, name, item -> true);
    if (existing.isPresent() && sameConfig(existing.get().path("config"), config)) {
      return existing.get().path("id").asString();
    }
    if (existing.isPresent()) {
      deleteConnectionsUsing(workspaceId, existing.get().path("id").asString());
      api.delete(collection + "/" + existing.get().path("id").asString());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId);
    body.put("name", name);
    body.put("type", type);
    body.put("config", config);
    return api.post(collection, body).path("id").asString();
  }

  private void deleteConnectionsUsing(String workspaceId, String endpointId) {
    for (JsonNode connection : api.get("/connections?workspaceId=" + workspaceId)) {
      if (endpointId.equals(text(connection, "sourceId"))
          || endpointId.equals(text(connection, "destinationId"))) {
        api.delete("/connections/" + connection.path("id").asString());
      }
    }
  }

  /** Same endpoints, streams (name, mode) and mappers (type, stream, columns, key). */
  private static boolean sameConnection(JsonNode existing, JsonNode wanted) {
    return Objects.equals(text(existing, "sourceId"), text(wanted, "sourceId"))
        && Objects.equals(text(existing, "destinationId"), text(wanted, "destinationId"))
        && project(existing.path("streams"), "name", "syncMode")
            .equals(project(wanted.path("streams"), "name", "syncMode"))
        && project(existing.path("mappers"), "type", "stream", "columns", "keyRef")
            .equals(project(wanted.path("mappers"), "type", "stream", "columns", "keyRef"));
  }

  private static List<List<String>> project(JsonNode items, String... fields) {
    List<List<String>> projected = new ArrayList<>();
    for (JsonNode item : items) {
      List<String> values = new ArrayList<>();
      for (String field : fields) {
        JsonNode value = item.path(field);
        values.add(value.isMissingNode() || value.isNull() ? null : value.toString());
      }
      projected.add(values);
    }
    return projected;
  }

  private boolean sameConfig(JsonNode stored, Map<String, Object> wanted) {
    for (Map.Entry<String, Object> entry : wanted.entrySet()) {
      JsonNode value = stored.path(entry.getKey());
      if (!Objects.equals(api.json().valueToTree(entry.getValue()).toString(), value.toString())) {
        return false;
      }
    }
    return true;
  }

  private Optional<JsonNode> findByName(
      String collection, String name, Predicate<JsonNode> matches) {
    for (JsonNode item : api.get(collection)) {
      if (name.equals(text(item, "name")) && matches.test(item)) {
        return Optional.of(item);
      }
    }
    return Optional.empty();
  }

  private static String tokenOf(JsonNode issued) {
    String token = text(issued, "enrollmentToken");
    if (token == null) {
      throw new CliException("The control plane returned no enrollment token");
    }
    return token;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asString();
  }
}
