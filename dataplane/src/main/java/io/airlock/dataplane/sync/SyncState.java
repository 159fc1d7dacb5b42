package io.airlock.dataplane.sync;

import io.airlock.connectors.spi.ConnectorException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connection's state: each stream's state as its source last marked it before a committed
 * checkpoint. It travels to the control plane as opaque base64 of {@code {"streams": {name:
 * state}}} and comes back in the next job's spec; the control plane never reads it.
 */
public final class SyncState {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Map<String, String> streams = new LinkedHashMap<>();

  /** The state a job starts from: {@code encoded} as the control plane stored it, or null. */
  public SyncState(String encoded) {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(encoded);
      JsonNode root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
      root.path("streams")
          .properties()
          .forEach(e -> streams.put(e.getKey(), e.getValue().asString()));
    } catch (IllegalArgumentException | JacksonException e) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "The connection's saved state cannot be read; reset the connection's state to sync from"
              + " the start");
    }
  }

  /** The state of {@code stream}, or null when it has none. */
  public synchronized String stream(String stream) {
    return streams.get(stream);
  }

  /** Records {@code state} as committed for {@code stream}. */
  public synchronized void committed(String stream, String state) {
    streams.put(stream, state);
  }

  /** Base64 of the whole state, as the control plane stores it. */
  public synchronized String encoded() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode byStream = root.putObject("streams");
    streams.forEach(byStream::put);
    return Base64.getEncoder().encodeToString(root.toString().getBytes(StandardCharsets.UTF_8));
  }

  public synchronized boolean isEmpty() {
    return streams.isEmpty();
  }
}
