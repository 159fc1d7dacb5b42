package io.airlock.connectors.files;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state of a files stream read incrementally by modification time: the greatest modification
 * time read, to the nanosecond the store gives, and the paths of the files read that have exactly
 * that time. A file is read again when it is newer than {@code modified}, or has the same time and
 * is not one of {@code paths}; so a file that lands later with the same time as the last one read
 * still arrives, and none is read twice.
 *
 * @param modified the greatest modification time read
 * @param paths the files read whose modification time is {@code modified}
 */
record ModifiedCursor(Instant modified, Set<String> paths) {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  ModifiedCursor {
    requireNonNull(modified, "modified is null");
    paths = Set.copyOf(paths);
  }

  /** The state in {@code json}, or null when there is none (a first read). */
  static ModifiedCursor parse(String json, String stream) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (!FilesSource.MODIFIED_COLUMN.equals(node.path("cursor_field").asString(null))) {
        return null;
      }
      Set<String> paths = new TreeSet<>();
      node.path("paths").forEach(path -> paths.add(path.asString()));
      return new ModifiedCursor(Instant.parse(node.path("modified").asString()), paths);
    } catch (JacksonException | DateTimeParseException e) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "The saved state of stream "
              + stream
              + " is not a files state; reset the stream's state");
    }
  }

  /** Whether {@code file} is still to be read after this state. */
  boolean isNew(StoredFile file) {
    int order = file.modified().compareTo(modified);
    return order > 0 || (order == 0 && !paths.contains(file.path()));
  }

  /** The state after {@code file} was read, the files being read in modification-time order. */
  ModifiedCursor after(StoredFile file) {
    if (file.modified().isAfter(modified)) {
      return new ModifiedCursor(file.modified(), Set.of(file.path()));
    }
    Set<String> more = new TreeSet<>(paths);
    more.add(file.path());
    return new ModifiedCursor(modified, more);
  }

  /** The state before any file: nothing read yet. */
  static ModifiedCursor first(StoredFile file) {
    return new ModifiedCursor(file.modified(), Set.of(file.path()));
  }

  String json() {
    ObjectNode node = JSON.createObjectNode();
    node.put("cursor_field", FilesSource.MODIFIED_COLUMN);
    node.put("modified", modified.toString());
    ArrayNode array = node.putArray("paths");
    new TreeSet<>(paths).forEach(array::add);
    return node.toString();
  }
}
