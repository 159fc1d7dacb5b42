package io.airlock.connectors.cdc;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state of a change-capture stream: the capture engine's offset after the last record handed
 * over (its key and value, as the engine's own JSON offset format writes them). The source saves it
 * through checkpoints; the next read seeds {@link CdcOffsetStore} with it.
 *
 * @param key the engine's offset key
 * @param offset the engine's offset value
 */
public record CdcState(JsonNode key, JsonNode offset) {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String METHOD = "cdc";

  public CdcState {
    requireNonNull(key, "key is null");
    requireNonNull(offset, "offset is null");
  }

  /** The state after {@code record}, read by the engine named {@code engineName}. */
  public static CdcState after(SourceRecord record, String engineName) {
    JsonConverter converter = converter();
    byte[] key =
        converter.fromConnectData(engineName, null, List.of(engineName, record.sourcePartition()));
    byte[] offset = converter.fromConnectData(engineName, null, record.sourceOffset());
    return new CdcState(JSON.readTree(key), JSON.readTree(offset));
  }

  /** The state in {@code json}; empty for no state or a state of a standard (cursor) read. */
  public static Optional<CdcState> parse(String json, String stream) {
    if (json == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (!METHOD.equals(node.path("method").asString(null))) {
        return Optional.empty();
      }
      return Optional.of(new CdcState(node.required("key"), node.required("offset")));
    } catch (JacksonException e) {
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "The saved change-capture state of stream "
              + stream
              + " is not valid; reset the stream's state");
    }
  }

  public String json() {
    ObjectNode node = JSON.createObjectNode();
    node.put("method", METHOD);
    node.set("key", key);
    node.set("offset", offset);
    return node.toString();
  }

  /** The offsets to seed the engine's store with. */
  public Map<String, ByteBuffer> seed() {
    return Map.of(
        key.toString(), ByteBuffer.wrap(offset.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The log position committed through this state: the commit position of the last complete
   * transaction, or the last completely processed change (PostgreSQL offsets).
   */
  public Optional<Long> committedLsn() {
    for (String field : List.of("lsn_commit", "lsn_proc", "lsn")) {
      JsonNode value = offset.path(field);
      if (value.isIntegralNumber()) {
        return Optional.of(value.asLong());
      }
    }
    return Optional.empty();
  }

  /** An offset key in one canonical JSON spelling, so stored and requested keys compare equal. */
  static String normalisedKey(ByteBuffer key) {
    ByteBuffer copy = key.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    try {
      return JSON.readTree(bytes).toString();
    } catch (JacksonException e) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static JsonConverter converter() {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false"), false);
    return converter;
  }
}
