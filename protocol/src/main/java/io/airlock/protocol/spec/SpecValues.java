package io.airlock.protocol.spec;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the values of a connector configuration against the JSON Schema of its spec (draft
 * 2020-12): types, enumerations, ranges, lengths and patterns, at every depth. The reasons name
 * what the spec allows and never the value given, so they are safe to return to a caller and to
 * log. Required and unknown members of the top level are left to the caller, which words them
 * itself; nested ones are named here.
 */
public final class SpecValues {
  /** Rules about an object's members: the caller words them for the top level itself. */
  private static final Set<String> MEMBER_RULES = Set.of("required", "additionalProperties");

  /** Draft 2020-12 plus the annotations our specs add, which validate nothing. */
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          Dialect.builder(Dialects.getDraft202012())
              .keyword(new NonValidationKeyword("airlock_secret"))
              .keyword(new NonValidationKeyword("airlock_local_path"))
              .keyword(new NonValidationKeyword("x-airlock-kind"))
              .keyword(new NonValidationKeyword("x-airlock-sync-modes"))
              .build());

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SpecValues() {}

  /**
   * The members of {@code config} whose values the spec does not allow, by dotted path (arrays as
   * {@code name[0]}), each with what the spec allows; empty when every value fits.
   */
  public static Map<String, String> problems(JsonNode spec, Map<String, Object> config) {
    Schema schema = REGISTRY.getSchema(spec);
    Map<String, String> problems = new LinkedHashMap<>();
    for (Error error : schema.validate(JSON.valueToTree(config))) {
      String path = path(error);
      boolean member = MEMBER_RULES.contains(error.getKeyword());
      if (member && path.isEmpty()) {
        continue;
      }
      if (member) {
        problems.putIfAbsent(path + "." + error.getProperty(), memberReason(error));
      } else {
        problems.putIfAbsent(path, reason(error));
      }
    }
    return problems;
  }

  /** The JSON pointer of the value ({@code /streams/0/name}) as {@code streams[0].name}. */
  private static String path(Error error) {
    StringBuilder path = new StringBuilder();
    for (String segment : error.getInstanceLocation().toString().split("/")) {
      if (segment.isEmpty() || segment.equals("$")) {
        continue;
      }
      if (segment.chars().allMatch(Character::isDigit)) {
        path.append('[').append(segment).append(']');
      } else {
        path.append(path.isEmpty() ? "" : ".").append(unescape(segment));
      }
    }
    return path.toString();
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }

  private static String memberReason(Error error) {
    return error.getKeyword().equals("required")
        ? "Is required"
        : "Is not a field of this object in the connector spec";
  }

  private static String reason(Error error) {
    JsonNode allowed = error.getSchemaNode();
    String keyword = error.getKeyword();
    return switch (keyword) {
      case "type" -> "Must be of type " + allowed;
      case "enum" -> "Must be one of " + allowed;
      case "const" -> "Must be " + allowed;
      case "minimum" -> "Must be at least " + allowed;
      case "maximum" -> "Must be at most " + allowed;
      case "exclusiveMinimum" -> "Must be greater than " + allowed;
      case "exclusiveMaximum" -> "Must be less than " + allowed;
      case "minLength" -> "Must have at least " + allowed + " characters";
      case "maxLength" -> "Must have at most " + allowed + " characters";
      case "pattern" -> "Must match the pattern " + allowed;
      case "minItems" -> "Must have at least " + allowed + " items";
      case "maxItems" -> "Must have at most " + allowed + " items";
      default -> "Does not fit the connector spec's '" + keyword + "' rule";
    };
  }
}
