package io.airlock.controlplane.errors;

import static java.util.Objects.requireNonNull;

/**
 * One invalid field of a request body.
 *
 * @param field path of the field, for example {@code config.password} or {@code mappers[0].keyRef}
 * @param message what is wrong and what to do; never the submitted value
 */
public record FieldError(String field, String message) {
  public FieldError {
    requireNonNull(field, "field is null");
    requireNonNull(message, "message is null");
  }
}
