package io.airlock.dataplane.transport;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper for the plane-to-plane records. Jackson 3 writes {@code java.time} values as
 * ISO-8601 text; unknown properties are ignored so a newer control plane can add fields.
 */
public final class ProtocolJson {
  public static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private ProtocolJson() {}
}
