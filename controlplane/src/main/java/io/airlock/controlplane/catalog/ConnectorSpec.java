package io.airlock.controlplane.catalog;

import tools.jackson.databind.JsonNode;

/** One entry of {@code GET /connector-specs}: a connector type and its JSON Schema. */
public record ConnectorSpec(String type, String kind, JsonNode spec) {}
