package io.airlock.controlplane.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem body, as sent with {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** The problem for {@code kind} with a detail message and optional field errors. */
  public static Problem of(ErrorKind kind, String detail, List<FieldError> errors) {
    return new Problem(kind.type(), kind.title(), kind.status(), detail, errors);
  }

  /** The problem for a malformed request (400), which is not one of the kinds. */
  public static Problem badRequest(String detail) {
    return new Problem("urn:airlock:problem:malformed", "Malformed request", 400, detail, null);
  }
}
