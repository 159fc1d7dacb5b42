package io.airlock.connectors.spi;

import static java.util.Objects.requireNonNull;

/** A JSON document carried as its exact text, so destinations write real JSON. */
public record JsonValue(String json) {
  public JsonValue {
    requireNonNull(json, "json is null");
  }

  @Override
  public String toString() {
    return "JsonValue[<" + json.length() + " chars>]";
  }
}
