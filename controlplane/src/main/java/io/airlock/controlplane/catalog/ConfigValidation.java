package io.airlock.controlplane.catalog;

import io.airlock.controlplane.errors.ControlPlaneException;
import io.airlock.controlplane.errors.FieldError;
import io.airlock.protocol.spec.ConnectorSpecs;
import io.airlock.protocol.spec.SpecValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks a connector configuration against its spec without connector code: a known type of the
 * right kind, required fields present, no unknown fields, a valid secret reference (as {@link
 * io.airlock.protocol.secrets.SecretReference} defines it) in every secret field, and every value
 * of the type, range, length or pattern the spec allows ({@link SpecValues}). Errors name the
 * field, never its value.
 */
final class ConfigValidation {
  private ConfigValidation() {}

  static void check(ConnectorKind kind, String type, Map<String, Object> config) {
    JsonNode spec = spec(kind, type);
    List<FieldError> errors = new ArrayList<>();
    ConnectorSpecs.invalidSecrets(spec, config)
        .forEach((field, problem) -> errors.add(new FieldError("config." + field, problem)));
    requiredFields(spec, config, errors);
    unknownFields(spec, config, errors);
    values(spec, config, errors);
    if (!errors.isEmpty()) {
      throw ControlPlaneException.invalid(
          "Invalid " + kind.specKind() + " configuration: " + fields(errors), errors);
    }
  }

  private static JsonNode spec(ConnectorKind kind, String type) {
    if (type == null || type.isBlank()) {
      throw invalidType(kind, "is required");
    }
    JsonNode spec =
        ConnectorSpecs.find(type).orElseThrow(() -> invalidType(kind, "is not a known connector"));
    if (!kind.specKind().equals(ConnectorSpecs.kind(spec))) {
      throw invalidType(kind, "is not a " + kind.specKind() + " connector");
    }
    return spec;
  }

  private static void requiredFields(
      JsonNode spec, Map<String, Object> config, List<FieldError> errors) {
    for (JsonNode required : spec.path("required")) {
      if (config.get(required.asString()) == null) {
        errors.add(new FieldError("config." + required.asString(), "Is required"));
      }
    }
  }

  private static void unknownFields(
      JsonNode spec, Map<String, Object> config, List<FieldError> errors) {
    if (spec.path("additionalProperties").asBoolean(true)) {
      return;
    }
    JsonNode properties = spec.path("properties");
    for (String field : config.keySet()) {
      if (!properties.has(field)) {
        errors.add(new FieldError("config." + field, "Is not a field of this connector"));
      }
    }
  }

  /**
   * Types, enumerations, ranges, lengths and patterns; a field with a secret problem is named once.
   */
  private static void values(JsonNode spec, Map<String, Object> config, List<FieldError> errors) {
    List<String> named = errors.stream().map(FieldError::field).toList();
    SpecValues.problems(spec, config)
        .forEach(
            (field, problem) -> {
              if (!named.contains("config." + field)) {
                errors.add(new FieldError("config." + field, problem));
              }
            });
  }

  private static String fields(List<FieldError> errors) {
    return String.join(", ", errors.stream().map(FieldError::field).toList());
  }

  private static ControlPlaneException invalidType(ConnectorKind kind, String problem) {
    String message =
        "It " + problem + "; see GET /api/v1/connector-specs for " + kind.specKind() + " types";
    return ControlPlaneException.invalid(
        "Invalid type: " + message, List.of(new FieldError("type", message)));
  }
}
