package io.airlock.connectors.external;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.StreamDescriptor;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The opaque state of an external source's stream: the exact text of the {@code state} object of
 * its last committed STATE message. This class turns it back into a {@code --state} file.
 */
final class ExternalState {
  private ExternalState() {}

  /**
   * The {@code --state} file for {@code saved}: {@code [saved]} for per-stream ({@code STREAM}) and
   * {@code GLOBAL} states, the verbatim text of its {@code data} for legacy ones.
   */
  static String forRead(String saved) {
    JsonNode state;
    try {
      state = Json.MAPPER.readTree(saved);
    } catch (JacksonException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "The saved state of this stream is not a protocol state; reset the stream's state");
    }
    String type = state.path("type").asString("LEGACY").toUpperCase(Locale.ROOT);
    if (type.equals("STREAM") || type.equals("GLOBAL")) {
      return "[" + saved + "]";
    }
    String data = ProtocolReader.rawField(saved, "data");
    return data == null ? "{}" : data;
  }

  /**
   * Whether a STATE message's {@code state} belongs to {@code stream}; only STREAM states name one.
   */
  static boolean isFor(JsonNode state, StreamDescriptor stream) {
    if (!"STREAM".equalsIgnoreCase(state.path("type").asString(""))) {
      return true;
    }
    JsonNode descriptor = state.path("stream").path("stream_descriptor");
    JsonNode namespace = descriptor.path("namespace");
    return descriptor.path("name").asString("").equals(stream.name())
        && (namespace.isMissingNode()
            || namespace.isNull()
            || stream.namespace() == null
            || namespace.asString().equals(stream.namespace()));
  }
}
