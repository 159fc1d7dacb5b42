package io.airlock.controlplane.errors;

import java.util.List;
import java.util.regex.Pattern;

/** Checks of request fields that raise a 422 naming the field, never echoing its value. */
public final class Require {
  private static final int MAX_NAME = 200;
  private static final Pattern SLUG = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private Require() {}

  /** A non-blank display name of at most 200 characters, trimmed. */
  public static String name(String value, String field) {
    if (value == null || value.isBlank()) {
      throw invalid(field, "is required");
    }
    String trimmed = value.strip();
    if (trimmed.length() > MAX_NAME) {
      throw invalid(field, "is longer than " + MAX_NAME + " characters");
    }
    return trimmed;
  }

  /** A lower-case name usable in URIs, such as a region's {@code eu-1}. */
  public static String slug(String value, String field) {
    String name = name(value, field);
    if (!SLUG.matcher(name).matches()) {
      throw invalid(field, "must be lower-case letters, digits and dashes, for example eu-1");
    }
    return name;
  }

  /** A present value. */
  public static <T> T present(T value, String field) {
    if (value == null) {
      throw invalid(field, "is required");
    }
    return value;
  }

  /** A 422 for one field. */
  public static ControlPlaneException invalid(String field, String problem) {
    return ControlPlaneException.invalid(
        "Invalid " + field + ": it " + problem, List.of(new FieldError(field, "It " + problem)));
  }
}
